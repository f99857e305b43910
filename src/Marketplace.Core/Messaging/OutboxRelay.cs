using System.Diagnostics;
using System.Text.Json;
using Marketplace.Core.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Messaging;

/// <summary>
/// Publishes outbox rows to the bus, marks them sent, and retries failures with back-off for as long as it takes.
/// A row is marked sent in the same transaction that claimed it: if the process dies after publishing and before
/// the commit, the row is published again and the consumers' inbox discards the repeat.
/// </summary>
public sealed partial class OutboxRelay(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    LocalConsumers consumers,
    IOptions<MessagingOptions> options,
    IOptions<DatabaseOptions> database,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    public const string ActivitySourceName = "Marketplace.Outbox";

    private static readonly ActivitySource _activitySource = new(ActivitySourceName);

    private OutboxOptions Outbox => options.Value.Outbox;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inMemory = options.Value.Transport == MessageTransport.InMemory;
        DateTime? replayedAt = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var result = new RelayResult(0, 0, Failed: true);
            try
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (inMemory && (replayedAt is null || now - replayedAt >= Outbox.InMemoryRedeliverAfter / 3))
                {
                    // At start everything sent before is in doubt; later only what has waited past every retry.
                    await ReplayUnhandledAsync(replayedAt is null ? now : now - Outbox.InMemoryRedeliverAfter, stoppingToken);
                    replayedAt = now;
                }

                result = await RelayBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogBatchFailed(ex);
            }

            if (result.Failed || result.Claimed < Outbox.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(Outbox.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Claims one batch of due rows, publishes them all at once and records each one's outcome. Concurrent publishes
    /// share the wait for the broker's confirms: a batch costs about one confirm's round trip, not one per row, which is
    /// what a busy relay spent its time on. Consumers never rely on the order of messages (the fault tests deliver them
    /// shuffled), so nothing is lost by not publishing one after another.
    /// </summary>
    public async Task<RelayResult> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await ClaimAsync(db, now, cancellationToken);
        var outcomes = await Task.WhenAll(rows.Select(row => TryPublishAsync(row, cancellationToken)));
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (row, error) in rows.Zip(outcomes))
        {
            if (error is null)
            {
                row.SentAt = clock.GetUtcNow().UtcDateTime;
                row.LastError = null;
                continue;
            }

            row.Attempts++;
            row.NextAttemptAt = now + RetryDelay(row.Attempts);
            row.LastError = error.Message.Length > 2000 ? error.Message[..2000] : error.Message;
            LogPublishFailed(error, row.Id, row.MessageType, row.Attempts, row.NextAttemptAt);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var sent = outcomes.Count(e => e is null);
        return new RelayResult(rows.Count, sent, sent < rows.Count);
    }

    /// <summary>Publishes one row; answers why it failed, or null.</summary>
    private async Task<Exception?> TryPublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(row, cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ex;
        }
    }

    private Task<List<OutboxMessage>> ClaimAsync(MarketplaceDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var batch = Outbox.BatchSize;
        if (database.Value.Provider == DatabaseProvider.PostgreSql)
        {
            // Several relays share the table: each takes rows no other transaction holds.
            return db.OutboxMessages
                .FromSql($"""
                    SELECT * FROM outbox_messages
                    WHERE sent_at IS NULL AND next_attempt_at <= {now}
                    ORDER BY id
                    LIMIT {batch}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
        }

        // SQLite has one writer at a time, and the transaction above already holds the write lock.
        return db.OutboxMessages
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.Id)
            .Take(batch)
            .ToListAsync(cancellationToken);
    }

    private async Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var type = MessageTypeName.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, type, MessageJson.Options)
            ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty body.");

        using var activity = _activitySource.StartActivity("outbox publish", ActivityKind.Producer, row.TraceParent);
        activity?.SetTag("messaging.message.id", row.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Outbox.PublishTimeout);
        await bus.Publish(message, type, context => context.MessageId = row.Id, timeout.Token);
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var exponential = Outbox.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = Math.Min(exponential, Outbox.MaxRetryDelay.TotalMilliseconds);
        // Jitter keeps many relays from retrying in lock-step after a broker outage.
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    /// <summary>
    /// With the in-memory transport, the queues live in the process, and so do the error queues. Every row sent before
    /// <paramref name="sentBefore"/> that a consumer of this process has not handled is sent again, however long ago it
    /// was sent: a message lost with a killed process, or failed into an error queue after its retries, is delivered
    /// once more, and a handled one is not. The inbox discards a repeat at a consumer that did handle it.
    /// </summary>
    public async Task<int> ReplayUnhandledAsync(DateTime sentBefore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var replayed = 0;
        foreach (var (messageType, inboxNames) in consumers.ByMessageType)
        {
            foreach (var consumer in inboxNames)
            {
                replayed += await db.OutboxMessages
                    .Where(m => m.SentAt != null && m.SentAt < sentBefore && m.MessageType == messageType
                        && !db.InboxMessages.Any(i => i.Consumer == consumer && i.MessageId == m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, (DateTime?)null).SetProperty(m => m.NextAttemptAt, now), cancellationToken);
            }
        }

        if (replayed > 0)
        {
            LogReplayed(replayed);
        }

        return replayed;
    }

    [LoggerMessage(LogLevel.Warning, "Outbox relay batch failed; retrying after the poll interval")]
    private partial void LogBatchFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Publishing outbox message {MessageId} ({MessageType}) failed, attempt {Attempts}; next attempt at {NextAttemptAt:o}")]
    private partial void LogPublishFailed(Exception exception, Guid messageId, string messageType, int attempts, DateTime nextAttemptAt);

    [LoggerMessage(LogLevel.Information, "In-memory transport: sending again {Count} sent outbox messages that a consumer has not handled")]
    private partial void LogReplayed(int count);
}

public readonly record struct RelayResult(int Claimed, int Sent, bool Failed);
