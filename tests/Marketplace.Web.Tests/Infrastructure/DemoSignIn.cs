using System.Net;
using Marketplace.Web.Demo;

namespace Marketplace.Web.Tests.Infrastructure;

/// <summary>A signed-in browser-like client for every kind of user of the demo data (and one anonymous).</summary>
internal static class DemoSignIn
{
    public static readonly IReadOnlyDictionary<Actor, string> Emails = new Dictionary<Actor, string>
    {
        [Actor.EmployeeA] = "employee@changan.demo",
        [Actor.EmployeeB] = "employee@jialing.demo",
        [Actor.PurchaserA] = "purchaser@changan.demo",
        [Actor.ApproverA] = "approver@changan.demo",
        [Actor.UnitAdminA] = "admin@changan.demo",
        [Actor.SupplierXStaff] = "staff@yanshan-cattle.demo",
        [Actor.SupplierYStaff] = "staff@luxi-pear.demo",
        [Actor.Operator] = "operator@csgc.demo",
        [Actor.Public] = "public@example.com",
    };

    public static async Task<Dictionary<Actor, HttpClient>> EveryActorAsync(MarketplaceWebFactory factory)
    {
        var clients = new Dictionary<Actor, HttpClient> { [Actor.Anonymous] = factory.CreateBrowserLikeClient() };
        foreach (var (actor, email) in Emails)
        {
            var client = factory.CreateBrowserLikeClient();
            using var response = await Forms.PostAsync(client, "/account/login", "/account/login", new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = DemoAccounts.Password,
            });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{actor} ({email}) could not sign in.");
            clients[actor] = client;
        }

        return clients;
    }
}
