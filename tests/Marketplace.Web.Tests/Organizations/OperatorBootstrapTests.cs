using Marketplace.Core.Accounts;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Operators;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Organizations;

/// <summary>The first operator comes from configuration or from the create-operator verb, never from a default password.</summary>
public sealed class OperatorBootstrapTests
{
    private const string Password = "plateau pears 2021";

    // The demo data brings a demo operator of its own; these tests are about the first real one.
    private static readonly Dictionary<string, string?> _noDemoData = new() { ["DemoData:Enabled"] = "false" };

    [Test]
    public async Task Configuration_creates_exactly_one_operator_and_a_restart_adds_none()
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-web-tests-").FullName;
        try
        {
            await using (var first = Start(folder, "ops@example.com"))
            {
                var operators = await OperatorsAsync(first);
                Assert.That(operators, Has.Count.EqualTo(1));
                Assert.That(operators[0].Email, Is.EqualTo("ops@example.com"));
                Assert.That(operators[0].EmailConfirmed, Is.True);
                Assert.That(await CheckPasswordAsync(first, "ops@example.com", Password), Is.True);
                Assert.That(await first.Services.GetRequiredService<OperatorBootstrap>().RunAsync(), Is.False);
            }

            // A second start, even with another address configured, finds an operator and adds nothing.
            await using var second = Start(folder, "other@example.com");
            Assert.That((await OperatorsAsync(second)).Select(u => u.Email), Is.EqualTo(new[] { "ops@example.com" }));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Without_configuration_no_operator_is_created()
    {
        await using var factory = new MarketplaceWebFactory(_noDemoData);

        Assert.That(await OperatorsAsync(factory), Is.Empty);
    }

    [Test]
    public async Task The_verb_creates_an_operator_and_refuses_a_weak_password()
    {
        await using var factory = new MarketplaceWebFactory(_noDemoData);
        using var output = new StringWriter();

        var weak = await CreateOperatorCommand.CreateAsync(factory.Services, "weak@example.com", "short", output);
        var created = await CreateOperatorCommand.CreateAsync(factory.Services, "verb@example.com", Password, output);
        var again = await CreateOperatorCommand.CreateAsync(factory.Services, "verb@example.com", Password, output);

        Assert.Multiple(async () =>
        {
            Assert.That(weak, Is.Not.Zero);
            Assert.That(created, Is.Zero);
            Assert.That(again, Is.Not.Zero);
            Assert.That(output.ToString(), Does.Contain("Created operator verb@example.com"));
            Assert.That((await OperatorsAsync(factory)).Select(u => u.Email), Is.EqualTo(new[] { "verb@example.com" }));
            Assert.That(await CheckPasswordAsync(factory, "verb@example.com", Password), Is.True);
        });
    }

    [Test]
    public async Task The_verb_without_an_email_prints_its_usage()
    {
        await using var factory = new MarketplaceWebFactory();
        using var output = new StringWriter();

        var exit = await CreateOperatorCommand.RunAsync(factory.Services, [CreateOperatorCommand.Verb], output);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("--email"));
    }

    private static MarketplaceWebFactory Start(string folder, string email)
    {
        var factory = new MarketplaceWebFactory(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = folder,
            ["Bootstrap:OperatorEmail"] = email,
            ["Bootstrap:OperatorPassword"] = Password,
            ["DemoData:Enabled"] = "false",
        });
        _ = factory.Services; // starts the host, and with it the bootstrap
        return factory;
    }

    private static async Task<List<MarketplaceUser>> OperatorsAsync(MarketplaceWebFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        // Without the demo data and before the first operator there is no group yet, and so no operator.
        var groupId = await db.Organizations.Where(o => o.Kind == OrganizationKind.Group).Select(o => (Guid?)o.Id).SingleOrDefaultAsync();
        return await (
            from membership in db.Memberships
            join user in db.Users on membership.UserId equals user.Id
            where membership.OrganizationId == groupId && membership.Roles.Any(r => r.Role == OrganizationRole.Operator)
            select user).ToListAsync();
    }

    private static async Task<bool> CheckPasswordAsync(MarketplaceWebFactory factory, string email, string password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>();
        return await users.FindByEmailAsync(email) is { } user && await users.CheckPasswordAsync(user, password);
    }
}
