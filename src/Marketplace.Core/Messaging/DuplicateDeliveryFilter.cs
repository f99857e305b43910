using MassTransit;
using Microsoft.Extensions.Logging;

namespace Marketplace.Core.Messaging;

/// <summary>
/// For fault tests only (<see cref="MessagingOptions.DuplicateDeliveries"/>, off unless configured): every message is
/// delivered twice and out of order. Before a message is handled, a copy with the same message id goes to the back of
/// the endpoint's queue, so it arrives again after messages published later; and each delivery waits a random moment
/// first, so concurrent messages are handled in shuffled order. The inbox must make the copies harmless.
/// </summary>
public sealed partial class DuplicateDeliveryFilter<T>(ILogger<DuplicateDeliveryFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public const string CopyHeader = "Marketplace-Test-Copy";

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (!context.Headers.TryGetHeader(CopyHeader, out _) && context.GetRetryAttempt() == 0 && context.ReceiveContext.InputAddress is { } queue)
        {
            var endpoint = await context.GetSendEndpoint(queue);
            await endpoint.Send(context.Message, copy =>
            {
                copy.MessageId = context.MessageId;
                copy.Headers.Set(CopyHeader, "1");
            }, context.CancellationToken);
            LogCopied(context.MessageId, typeof(T).Name);
        }

        await Task.Delay(Random.Shared.Next(0, 40), context.CancellationToken);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("duplicateDeliveries");

    [LoggerMessage(LogLevel.Information, "Test duplicate: message {MessageId} ({MessageType}) sent to the back of its queue again")]
    private partial void LogCopied(Guid? messageId, string messageType);
}
