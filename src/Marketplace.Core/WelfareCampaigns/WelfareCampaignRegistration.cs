using Marketplace.Core.Hosting;
using Marketplace.Core.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.WelfareCampaigns;

public static class WelfareCampaignRegistration
{
    /// <summary>Choosing and closing, and the deadline sweep in every process that runs the consumers.</summary>
    public static IHostApplicationBuilder AddMarketplaceWelfareCampaigns(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<WelfareCampaignOptions>(builder.Configuration.GetSection(WelfareCampaignOptions.Section));
        builder.Services.AddScoped<WelfareChoices>();
        builder.Services.AddScoped<WelfareCampaignClosing>();
        var messaging = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.AddPeriodicSweep<WelfareCampaignSweep>(run: messaging.RunConsumers);

        return builder;
    }
}
