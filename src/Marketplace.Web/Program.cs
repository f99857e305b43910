using Marketplace.Web.Agreements;
using Marketplace.Web.Approvals;
using Marketplace.Core.Hosting;
using Marketplace.Core.Observability;
using Marketplace.Web.Accounts;
using Marketplace.Web.Assistance;
using Marketplace.Web.AssistedAreas;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Campaigns;
using Marketplace.Web.Catalog.Storefront;
using Marketplace.Web.Authorization;
using Marketplace.Web.Catalog.ListingReview;
using Marketplace.Web.Demo;
using Marketplace.Web.Errors;
using Marketplace.Web.Health;
using Marketplace.Web.Hosting;
using Marketplace.Web.Localization;
using Marketplace.Web.Operators;
using Marketplace.Web.Ordering;
using Marketplace.Web.Payments;
using Marketplace.Web.UnitOrders;
using Marketplace.Web.Suppliers;
using Marketplace.Web.Statistics;
using Marketplace.Web.Units;
using Marketplace.Web.Welfare;
using Marketplace.Web.WelfareCampaigns;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultAddressWhenNoneConfigured();

builder.AddMarketplaceCore("marketplace-web");
builder.AddMarketplaceTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = HealthEndpoints.IsNotProbe));

builder.Services.AddMarketplaceAccounts(builder.Configuration);
builder.Services.AddMarketplaceAuthorization();
builder.Services.AddMarketplaceAudit();
builder.Services.AddMarketplaceUnits();
builder.Services.AddMarketplaceSuppliers();
builder.Services.AddMarketplaceAssistedAreas();
builder.Services.AddMarketplaceOrderingWeb();
builder.Services.AddMarketplacePaymentsWeb();
builder.Services.AddMarketplaceUnitOrdersWeb();
builder.Services.AddMarketplaceApprovals();
builder.Services.AddMarketplaceAgreements();
builder.Services.AddMarketplaceListingReview();
builder.Services.AddMarketplaceSupplierListings();
builder.Services.AddMarketplaceStorefront();
builder.Services.AddMarketplaceStatistics();
builder.Services.AddMarketplaceWelfareWeb();
builder.Services.AddMarketplaceWelfareCampaignsWeb();
builder.Services.AddMarketplaceTargets();
builder.Services.AddMarketplaceCampaigns();
// After the database migrator (added by AddMarketplaceCore): hosted services start in order.
builder.AddMarketplaceDemoData();
builder.AddMarketplaceOperators();
builder.Services.AddMarketplaceLocalization();
builder.Services.AddMarketplaceErrors();
builder.Services.AddMarketplaceApiReference();
builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
builder.Services.AddRazorPages().AddMarketplaceDataAnnotationsLocalization();

var app = builder.Build();

if (CreateOperatorCommand.IsInvoked(args))
{
    return await CreateOperatorCommand.RunAsync(app.Services, args, Console.Out);
}

if (RebuildStatisticsCommand.IsInvoked(args))
{
    return await RebuildStatisticsCommand.RunAsync(app.Services, args, Console.Out);
}

if (RebuildSearchCommand.IsInvoked(args))
{
    return await RebuildSearchCommand.RunAsync(app.Services, args, Console.Out);
}

// Localization first: the error pages that the next middleware re-executes keep the visitor's language.
app.UseMarketplaceLocalization();
app.UseMarketplaceErrors();
app.UseStaticFiles();
app.UseRouting();
// After routing: the authentication policy is chosen per endpoint.
app.UseRateLimiter();
app.UseMarketplaceAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapMarketplaceHealth();
app.MapMarketplaceApiReference();
app.MapMarketplaceAccountApi();
app.MapMarketplaceAuditApi();
app.MapMarketplaceUnitsApi();
app.MapMarketplaceSuppliersApi();
app.MapMarketplaceCountiesApi();
app.MapMarketplaceOrderingApi();
app.MapMarketplacePaymentsApi();
app.MapMarketplaceUnitOrdersApi();
app.MapMarketplaceApprovalsApi();
app.MapMarketplaceAgreementsApi();
app.MapMarketplaceListingReviewApi();
app.MapMarketplaceSupplierListingsApi();
app.MapMarketplaceStorefrontApi();
app.MapMarketplaceStatisticsApi();
app.MapMarketplaceWelfareApi();
app.MapMarketplaceWelfareCampaignsApi();
app.MapMarketplaceTargetsApi();
app.MapMarketplaceImpactApi();
app.MapMarketplaceCampaignsApi();
app.MapRazorPages();

await app.RunAsync();
return 0;

/// <summary>The web host's entry point; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
