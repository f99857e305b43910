using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Tests.Data;

/// <summary>A list in a query goes to the database as one parameter whatever its length, on both providers.</summary>
public sealed class ListParameterTests
{
    [TestCase(DatabaseProvider.Sqlite, "Data Source=:memory:")]
    [TestCase(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Port=1;Database=none;Username=none")]
    public void A_list_of_ids_is_one_parameter(DatabaseProvider provider, string connectionString)
    {
        var options = DataRegistration.UseProvider(new DbContextOptionsBuilder<MarketplaceDbContext>(), provider, connectionString).Options;
        using var db = new MarketplaceDbContext((DbContextOptions<MarketplaceDbContext>)options);
        var ids = Enumerable.Range(0, 500).Select(_ => Guid.NewGuid()).ToList();

        var sql = db.ListingSkus.Where(s => ids.Contains(s.Id)).ToQueryString();

        Assert.That(sql.Split('@').Length - 1, Is.LessThanOrEqualTo(2), sql);
    }
}
