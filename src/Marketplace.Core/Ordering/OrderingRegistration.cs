using Marketplace.Core.Hosting;
using Marketplace.Core.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Ordering;

public static class OrderingRegistration
{
    /// <summary>Ordering's settings, and its sweep in every process that runs the consumers.</summary>
    public static IHostApplicationBuilder AddMarketplaceOrdering(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OrderingOptions>(builder.Configuration.GetSection(OrderingOptions.Section));
        builder.Services.AddSingleton(OrderNumbers.Shared);
        var messaging = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.AddPeriodicSweep<OrderSweep>(run: messaging.RunConsumers);

        return builder;
    }
}
