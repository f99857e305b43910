using System.Reflection;
using Marketplace.Core.Assistance;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Observability;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Core.Welfare;
using Marketplace.Core.WelfareCampaigns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Hosting;

public static class MarketplaceHosting
{
    /// <summary>
    /// What every marketplace process shares: the database, the organization tree, the bus with its outbox relay, and telemetry.
    /// Configuration picks the runtime (SQLite + in-memory, or PostgreSQL + RabbitMQ); nothing else knows which.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceCore(
        this IHostApplicationBuilder builder, string serviceName, params Assembly[] consumerAssemblies)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddMarketplaceData();
        builder.AddMarketplaceOrganizations();
        builder.AddMarketplaceMessaging(consumerAssemblies);
        builder.AddMarketplaceOrdering();
        builder.AddMarketplacePayments();
        builder.AddMarketplaceAssistance();
        builder.AddMarketplaceWelfare();
        builder.AddMarketplaceWelfareCampaigns();
        builder.AddMarketplaceTelemetry(serviceName);
        return builder;
    }
}
