using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests;

/// <summary>The model and each provider's migrations agree: nobody forgot to add a migration.</summary>
public sealed class MigrationTests
{
    [TestCase(DatabaseProvider.Sqlite, "Data Source=:memory:")]
    [TestCase(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=x;Username=x;Password=x")]
    public void Migrations_cover_the_model(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DataRegistration.UseProvider(options, provider, connectionString);
        using var db = new MarketplaceDbContext(options.Options);

        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False, $"The {provider} migrations are behind the model: add a migration.");
    }
}
