using Marketplace.Core.Hosting;
using Marketplace.Core.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Welfare;

public static class WelfareRegistration
{
    /// <summary>The allowance service, and the expiry sweep in every process that runs the consumers.</summary>
    public static IHostApplicationBuilder AddMarketplaceWelfare(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<WelfareOptions>(builder.Configuration.GetSection(WelfareOptions.Section));
        builder.Services.AddScoped<WelfareAllowances>();
        var messaging = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.AddPeriodicSweep<WelfareExpirySweep>(run: messaging.RunConsumers);

        return builder;
    }
}
