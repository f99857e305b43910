using Marketplace.Core.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Marketplace.Core.Observability;

public static class TelemetryRegistration
{
    /// <summary>MassTransit's own activity source: publish, send and consume spans.</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>
    /// Structured logs (JSON outside Development) and OpenTelemetry traces that follow a request from HTTP
    /// through the outbox to the consumer. Traces are exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        if (ExportsTraces(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(serviceName))
                .WithTracing(t => t.AddOtlpExporter());
        }

        return builder.AddMarketplaceTracing(t => t
            .AddSource(MassTransitSource, OutboxRelay.ActivitySourceName)
            .AddHttpClientInstrumentation()
            .AddNpgsql());
    }

    /// <summary>
    /// Adds these instruments to the traces when traces are exported, and nothing otherwise: a span that no exporter
    /// takes still costs its tags on every request and every database command. Logs and ProblemDetails keep their trace
    /// id either way, from the activity that ASP.NET Core starts for each request.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceTracing(this IHostApplicationBuilder builder, Action<TracerProviderBuilder> instruments)
    {
        if (ExportsTraces(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry().WithTracing(instruments);
        }

        return builder;
    }

    private static bool ExportsTraces(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
}
