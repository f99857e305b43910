using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Messaging;

/// <summary>
/// Every consumer has a definition deriving from this: it sets the retry policy. What still fails after the
/// retries goes to the endpoint's error queue; nothing is acknowledged and dropped.
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
        endpointConfigurator.UseMessageRetry(r => ConfigureRetry(r, retry));
    }

    protected virtual void ConfigureRetry(IRetryConfigurator retry, RetryOptions options) =>
        retry.Exponential(options.Limit, options.MinInterval, options.MaxInterval, options.MinInterval);
}
