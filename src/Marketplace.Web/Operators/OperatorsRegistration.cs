namespace Marketplace.Web.Operators;

public static class OperatorsRegistration
{
    public static IHostApplicationBuilder AddMarketplaceOperators(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OperatorBootstrapOptions>(builder.Configuration.GetSection(OperatorBootstrapOptions.Section));
        builder.Services.AddScoped<OperatorAccounts>();
        builder.Services.AddSingleton<OperatorBootstrap>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OperatorBootstrap>());
        return builder;
    }
}
