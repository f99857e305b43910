using Marketplace.Core.Hosting;
using Marketplace.Web.Accounts;
using Marketplace.Web.Api;
using Marketplace.Web.Errors;
using Marketplace.Web.Health;
using Marketplace.Web.Hosting;
using Marketplace.Web.Localization;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultAddressWhenNoneConfigured();

builder.AddMarketplaceCore("marketplace-web");
builder.Services.AddOpenTelemetry().WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = HealthEndpoints.IsNotProbe));

builder.Services.AddMarketplaceAccounts();
builder.Services.AddMarketplaceLocalization();
builder.Services.AddMarketplaceErrors();
builder.Services.AddMarketplaceApiReference();
builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
builder.Services.AddRazorPages().AddMarketplaceDataAnnotationsLocalization();

var app = builder.Build();

// Localization first: the error pages that the next middleware re-executes keep the visitor's language.
app.UseMarketplaceLocalization();
app.UseMarketplaceErrors();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapMarketplaceHealth();
app.MapMarketplaceApiReference();
app.MapRazorPages();

app.Run();

/// <summary>The web host's entry point; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
