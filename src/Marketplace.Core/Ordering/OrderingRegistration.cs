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
        builder.Services.AddSingleton<OrderSweep>();
        builder.Services.AddSingleton(OrderNumbers.Shared);
        var messaging = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        if (messaging.RunConsumers)
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<OrderSweep>());
        }

        return builder;
    }
}
