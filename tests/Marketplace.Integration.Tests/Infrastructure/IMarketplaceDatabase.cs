using Marketplace.Core.Data;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>A test's database, PostgreSQL or an embedded SQLite file, opened the way the product opens it.</summary>
internal interface IMarketplaceDatabase
{
    MarketplaceDbContext Context();
}
