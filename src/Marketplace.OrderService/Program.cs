using Marketplace.Core.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// The order service: consumers and the outbox relay over RabbitMQ, many instances side by side.
// It serves nothing but its health, so an orchestrator can tell when it is ready.
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddMarketplaceCore("marketplace-order-service");

var app = builder.Build();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.Run();
