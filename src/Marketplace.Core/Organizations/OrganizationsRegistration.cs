using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Organizations;

public static class OrganizationsRegistration
{
    public static IHostApplicationBuilder AddMarketplaceOrganizations(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OrganizationOptions>(builder.Configuration.GetSection(OrganizationOptions.Section));
        builder.Services.AddScoped<OrganizationTree>();
        builder.Services.AddScoped<Suppliers.SupplierCertification>();
        return builder;
    }
}
