using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace Marketplace.Web.Localization;

public static class LocalizationRegistration
{
    public static IServiceCollection AddMarketplaceLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures.Chinese)
                .AddSupportedCultures(Cultures.Supported)
                .AddSupportedUICultures(Cultures.Supported);
            o.ApplyCurrentCultureToResponseHeaders = true;
            // Chinese first: a first visit is in Chinese whatever language the browser prefers (Accept-Language
            // is ignored); English is the visitor's own choice, kept in a cookie.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        // Chinese text goes out as characters, not as &#x...; entities (three times the bytes, unreadable source).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    /// <summary>Validation messages and display names come from the same resources as the pages.</summary>
    public static IMvcBuilder AddMarketplaceDataAnnotationsLocalization(this IMvcBuilder mvc) =>
        mvc.AddDataAnnotationsLocalization(o =>
            o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

    public static WebApplication UseMarketplaceLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }
}
