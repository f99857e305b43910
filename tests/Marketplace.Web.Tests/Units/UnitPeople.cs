using System.Net;
using Marketplace.Core.Accounts;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Accounts;
using Marketplace.Web.Operators;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Units;

/// <summary>Units and people with confirmed emails, created directly (not through the features under test), and signed-in clients.</summary>
internal static class UnitPeople
{
    public const string Password = "plateau pears 2021";

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static async Task<Guid> CreateUnitAsync(MarketplaceWebFactory factory, string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var tree = scope.ServiceProvider.GetRequiredService<OrganizationTree>();
        var group = await tree.EnsureGroupAsync();
        return (await tree.AddMemberUnitAsync($"{name}-{Guid.NewGuid():N}"[..20], null, group.Id)).Id;
    }

    public static async Task<string> CreateMemberAsync(MarketplaceWebFactory factory, Guid organizationId, params OrganizationRole[] roles)
    {
        var email = NewEmail(roles.FirstOrDefault().ToString().ToLowerInvariant());
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var user = new MarketplaceUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "测试" + roles.FirstOrDefault(), CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(user, Password);
        Assert.That(created.Succeeded, Is.True, string.Join(" ", created.Errors.Select(e => e.Description)));
        var organization = await db.Organizations.FindAsync(organizationId);
        db.Memberships.Add(Membership.Create(user.Id, organization!, roles, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return email;
    }

    public static async Task<string> CreateOperatorAsync(MarketplaceWebFactory factory)
    {
        var email = NewEmail("operator");
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().CreateAsync(email, Password);
        Assert.That(result.Succeeded, Is.True, string.Join(" ", result.Errors));
        return email;
    }

    /// <summary>A client with the sign-in cookie of <paramref name="email"/>.</summary>
    public static async Task<HttpClient> SignInAsync(MarketplaceWebFactory factory, string email, string password = Password)
    {
        var client = factory.CreateBrowserLikeClient();
        using var response = await Forms.PostAsync(client, AccountPaths.Login, AccountPaths.Login, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{email} could not sign in.");
        return client;
    }

    public static async Task<T> InScopeAsync<T>(MarketplaceWebFactory factory, Func<MarketplaceDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
    }
}
