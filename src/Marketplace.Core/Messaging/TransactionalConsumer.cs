using MassTransit;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Messaging;

/// <summary>
/// The base of every consumer: one transaction holds the inbox row (consumer, message id), the state change and
/// any outbox rows, so a redelivered message changes nothing and an event is stored exactly when its cause is.
/// Consumers never publish to the bus directly; they add to the outbox through <see cref="Db"/>.
/// </summary>
public abstract class TransactionalConsumer<TMessage>(MarketplaceDbContext db, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class
{
    protected MarketplaceDbContext Db => db;

    protected TimeProvider Clock => clock;

    /// <summary>The inbox key (see <see cref="TransactionalConsumers.InboxName"/>).</summary>
    protected string ConsumerName => TransactionalConsumers.InboxName(GetType());

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id.");
        var cancellationToken = context.CancellationToken;

        // A retry reuses this instance's context; start from a clean slate.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await Inbox.TryAcceptAsync(db, ConsumerName, messageId, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return;
        }

        await Handle(context);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    protected abstract Task Handle(ConsumeContext<TMessage> context);
}

public static class TransactionalConsumers
{
    /// <summary>The name a consumer's inbox rows carry: its full type name, so renaming a consumer starts a new inbox.</summary>
    public static string InboxName(Type consumerType) => consumerType.FullName!;
}

public static class Inbox
{
    /// <summary>Records that <paramref name="consumer"/> handles <paramref name="messageId"/>; false if it already did.</summary>
    public static async Task<bool> TryAcceptAsync(
        MarketplaceDbContext db, string consumer, Guid messageId, DateTime now, CancellationToken cancellationToken)
    {
        // On PostgreSQL a concurrent duplicate waits here for the first transaction, then inserts nothing.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO inbox_messages (consumer, message_id, processed_at) VALUES ({consumer}, {messageId}, {now}) ON CONFLICT DO NOTHING",
            cancellationToken);
        return inserted == 1;
    }
}
