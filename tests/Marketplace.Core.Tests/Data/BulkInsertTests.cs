using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Core.Tests.Data;

/// <summary>
/// A PostgreSQL restart closes the connection under an open request; the bulk write must then fail as a transient
/// connection error (which the web host answers with 503), not as Npgsql's InvalidOperationException (a 500).
/// </summary>
public sealed class BulkInsertTests
{
    [Test]
    public async Task A_closed_PostgreSQL_connection_fails_the_bulk_write_as_a_transient_database_error()
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>().UseNpgsql("Host=127.0.0.1;Port=1;Database=none;Username=none").Options;
        await using var db = new MarketplaceDbContext(options);
        InboxMessage[] rows = [new() { Consumer = "test", MessageId = Guid.NewGuid(), ProcessedAt = DateTime.UtcNow }];

        var failure = Assert.ThrowsAsync<NpgsqlException>(() => BulkInsert.AddAllAsync(db, rows, CancellationToken.None));

        Assert.That(failure!.IsTransient, Is.True);
    }
}
