using System.Diagnostics;
using Marketplace.Core.Accounts;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Demo;

/// <summary>Configuration section <c>DemoData</c>.</summary>
public sealed class DemoDataOptions
{
    public const string Section = "DemoData";

    /// <summary>
    /// Unset: seed in Development only. True: seed outside Development too (a staging site). False: never, not even
    /// in Development. Production never seeds.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Whether the demo data include the orders of <see cref="DemoHistory.Year"/> that tell the seed report's figures.</summary>
    public bool History { get; set; } = true;
}

/// <summary>Seeds the demo data on start, in Development or when <c>DemoData:Enabled</c>; never in Production.</summary>
public sealed partial class DemoData(
    IServiceScopeFactory scopes, IHostEnvironment environment, IOptions<DemoDataOptions> options, IOptions<CatalogOptions> catalog,
    IOptions<MessagingOptions> messaging, TimeProvider clock, ILogger<DemoData> logger)
    : IHostedService
{
    public bool IsEnabled => IsEnabledFor(environment, options.Value.Enabled);

    public static bool IsEnabledFor(IHostEnvironment environment, bool? enabled) => !environment.IsProduction() && (enabled ?? environment.IsDevelopment());

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<MarketplaceDbContext>();
            var tree = services.GetRequiredService<OrganizationTree>();
            var added = await DemoOrganizations.SeedAsync(db, tree, cancellationToken);
            if (added > 0)
            {
                LogSeeded(added);
            }

            var users = await DemoAccounts.SeedAsync(
                db, tree, services.GetRequiredService<UserManager<MarketplaceUser>>(), services.GetRequiredService<TimeProvider>(), cancellationToken);
            if (users > 0)
            {
                LogSeededUsers(users);
            }

            var certified = await DemoSuppliers.SeedAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken);
            if (certified > 0)
            {
                LogCertified(certified);
            }

            var listings = await DemoListings.SeedAsync(
                db, services.GetRequiredService<TimeProvider>(), catalog.Value.PriceRaiseReviewPercent, cancellationToken);
            if (listings > 0)
            {
                LogListings(listings);
            }

            var programmes = await DemoWelfare.SeedAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken);
            if (programmes > 0)
            {
                LogWelfare(programmes);
            }

            var now = services.GetRequiredService<TimeProvider>();
            if (await DemoWelfareCampaign.SeedAsync(db, now, cancellationToken))
            {
                LogWelfareCampaign(DemoWelfareCampaign.Name);
            }

            if (await DemoAgreements.SeedAsync(db, now, cancellationToken) > 0)
            {
                LogAgreement(DemoAgreements.WinterUniformTitle(ChinaCalendar.Today(now).Year));
            }

            var targets = await DemoTargets.SeedAsync(services, ChinaCalendar.Today(now).Year, cancellationToken);
            if (targets > 0)
            {
                LogTargets(targets, ChinaCalendar.Today(now).Year);
            }

            if (await DemoApprovals.SeedAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken) > 0)
            {
                LogApprovalRules(DemoAccounts.Changan);
            }

            // The past year runs through the consumers of this process on its clock; a host whose consumers run
            // elsewhere, or whose clock was replaced, cannot date it and leaves it out.
            if (options.Value.History && messaging.Value is { Transport: MessageTransport.InMemory, RunConsumers: true } && clock is DemoClock demoClock)
            {
                var started = Stopwatch.GetTimestamp();
                var orders = await DemoHistory.SeedAsync(scopes, demoClock, cancellationToken);
                if (orders > 0)
                {
                    LogHistory(orders, DemoHistory.Year, Stopwatch.GetElapsedTime(started).TotalSeconds);
                }
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A database that cannot be reached must not stop the host from starting; readiness reports it.
            LogFailed(exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Demo data: added {Count} organizations.")]
    private partial void LogSeeded(int count);

    [LoggerMessage(LogLevel.Information, "Demo data: added {Count} users (password in the Demo folder and the README).")]
    private partial void LogSeededUsers(int count);

    [LoggerMessage(LogLevel.Information, "Demo data: certified {Count} suppliers.")]
    private partial void LogCertified(int count);

    [LoggerMessage(LogLevel.Information, "Demo data: added {Count} listings.")]
    private partial void LogListings(int count);

    [LoggerMessage(LogLevel.Information, "Demo data: added and granted {Count} welfare programmes.")]
    private partial void LogWelfare(int count);

    [LoggerMessage(LogLevel.Information, "Demo data: opened the welfare campaign {Name}.")]
    private partial void LogWelfareCampaign(string name);

    [LoggerMessage(LogLevel.Information, "Demo data: placed and paid {Count} orders of {Year} through the order pipeline in {Seconds:0.0} s.")]
    private partial void LogHistory(int count, int year, double seconds);

    [LoggerMessage(LogLevel.Information, "Demo data: set {Count} unit targets for {Year}.")]
    private partial void LogTargets(int count, int year);

    [LoggerMessage(LogLevel.Information, "Demo data: agreed {Title}.")]
    private partial void LogAgreement(string title);

    [LoggerMessage(LogLevel.Information, "Demo data: set the approval rules of {Unit}.")]
    private partial void LogApprovalRules(string unit);

    [LoggerMessage(LogLevel.Error, "Demo data could not be seeded; it is tried again on the next start.")]
    private partial void LogFailed(Exception exception);
}

public static class DemoDataRegistration
{
    public static IHostApplicationBuilder AddMarketplaceDemoData(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<DemoDataOptions>(builder.Configuration.GetSection(DemoDataOptions.Section));
        if (DemoData.IsEnabledFor(builder.Environment, builder.Configuration.GetSection(DemoDataOptions.Section).GetValue<bool?>(nameof(DemoDataOptions.Enabled)))
            && builder.Services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance is TimeProvider inner)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new DemoClock(inner)));
        }

        builder.Services.AddSingleton<DemoData>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DemoData>());
        return builder;
    }
}
