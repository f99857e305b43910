using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Assistance;

public static class AssistanceRegistration
{
    /// <summary>The statistics' reads and the reconciliation; the ledger consumers come with the consumer assemblies.</summary>
    public static IHostApplicationBuilder AddMarketplaceAssistance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AssistanceQueries>();
        builder.Services.AddSingleton<AssistanceStatistics>();
        builder.Services.AddSingleton<TargetQueries>();
        builder.Services.AddSingleton<ImpactQueries>();
        builder.Services.AddSingleton<Campaigns.CampaignQueries>();
        builder.Services.AddScoped<AssistanceReconciliation>();
        builder.Services.AddScoped<Agreements.SignedAgreements>();
        return builder;
    }
}
