using System.Diagnostics;
using Marketplace.Core.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Marketplace.Core.Tests.Observability;

public sealed class TracingRegistrationTests
{
    [Test]
    public void Without_an_exporter_nothing_listens_and_no_span_is_recorded()
    {
        using var host = Build(exporterEndpoint: null);

        using var span = new ActivitySource(TelemetryRegistration.MassTransitSource).StartActivity("consume");

        Assert.Multiple(() =>
        {
            Assert.That(host.Services.GetService<TracerProvider>(), Is.Null);
            Assert.That(span, Is.Null, "no listener, so the bus's span is never built");
        });
    }

    [Test]
    public void With_an_exporter_endpoint_the_bus_and_extra_instruments_are_traced()
    {
        var extraAdded = false;
        using var host = Build("http://127.0.0.1:4317", t => extraAdded = true);

        using var span = new ActivitySource(TelemetryRegistration.MassTransitSource).StartActivity("consume");

        Assert.Multiple(() =>
        {
            Assert.That(span, Is.Not.Null);
            Assert.That(span!.Recorded, Is.True);
            Assert.That(extraAdded, Is.True, "the web host's own instruments (ASP.NET Core) join the same tracer");
        });
    }

    private static IHost Build(string? exporterEndpoint, Action<TracerProviderBuilder>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = exporterEndpoint;
        builder.AddMarketplaceTelemetry("marketplace-test");
        builder.AddMarketplaceTracing(extra ?? (_ => { }));
        var host = builder.Build();
        _ = host.Services.GetService<TracerProvider>(); // the provider starts listening when it is first resolved
        return host;
    }
}
