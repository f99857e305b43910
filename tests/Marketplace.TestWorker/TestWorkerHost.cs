using Marketplace.Core.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MassTransit;

namespace Marketplace.TestWorker;

/// <summary>The product's composition plus the test consumer and observers; used in-process and as a separate process.</summary>
public static class TestWorkerHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.AddMarketplaceCore("marketplace-test-worker", typeof(WorkItemConsumer).Assembly);
        builder.Services.Configure<TestWorkerOptions>(builder.Configuration.GetSection(TestWorkerOptions.Section));
        builder.Services.AddConsumeObserver<DeliveryLog>();
        if (builder.Configuration.GetValue<bool>($"{TestWorkerOptions.Section}:CrashAfterPublish"))
        {
            builder.Services.AddPublishObserver<CrashAfterPublish>();
        }

        return builder;
    }
}
