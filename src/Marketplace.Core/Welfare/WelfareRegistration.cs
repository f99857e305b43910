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
        builder.Services.AddSingleton<WelfareExpirySweep>();
        var messaging = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        if (messaging.RunConsumers)
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WelfareExpirySweep>());
        }

        return builder;
    }
}
