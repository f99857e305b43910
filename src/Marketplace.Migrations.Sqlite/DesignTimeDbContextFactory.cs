using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Marketplace.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for this provider without a running host or database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MarketplaceDbContext>
{
    public MarketplaceDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DataRegistration.UseProvider(options, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new MarketplaceDbContext(options.Options);
    }
}
