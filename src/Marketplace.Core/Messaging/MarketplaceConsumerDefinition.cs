using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Messaging;

/// <summary>
/// Every consumer has a definition deriving from this: it sets the retry policy (<see cref="OutageRetryPolicy"/>).
/// What still fails goes to the endpoint's error queue; nothing is acknowledged and dropped.
/// </summary>
public abstract class MarketplaceConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var retry = context.GetRequiredService<IOptions<MessagingOptions>>().Value.Retry;
        endpointConfigurator.UseMessageRetry(r => r.SetRetryPolicy(filter => new OutageRetryPolicy(
            Retry.Exponential(filter, retry.Limit, retry.MinInterval, retry.MaxInterval, retry.MinInterval),
            Retry.Interval(filter, retry.OutageLimit, retry.OutageInterval))));
    }
}
