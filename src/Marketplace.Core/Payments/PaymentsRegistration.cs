using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Payments;

public static class PaymentsRegistration
{
    /// <summary>Payment parts, their settlement and refunds, Stripe and its webhook; the consumers come with the consumer assemblies.</summary>
    public static IHostApplicationBuilder AddMarketplacePayments(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<PaymentsOptions>(builder.Configuration.GetSection(PaymentsOptions.Section));
        builder.Services.AddSingleton<StripeGateway>();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddScoped<PaymentRefunds>();
        builder.Services.AddScoped<PaymentSettlement>();
        builder.Services.AddScoped<StripeWebhook>();
        builder.Services.AddScoped<PaymentReconciliation>();
        builder.Services.AddScoped<UnitStatements>();
        builder.Services.AddScoped<AllowancePayment>();
        return builder;
    }
}
