using Marketplace.Core.Data;

namespace Marketplace.Core.Messaging;

public static class OutboxDbContextExtensions
{
    /// <summary>Stores <paramref name="message"/> for publishing when this context's transaction commits.</summary>
    public static OutboxMessage AddToOutbox<T>(this MarketplaceDbContext db, T message, TimeProvider clock)
        where T : class
    {
        var row = OutboxMessage.Create(message, clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(row);
        return row;
    }
}
