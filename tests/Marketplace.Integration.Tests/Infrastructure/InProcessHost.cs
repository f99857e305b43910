using Marketplace.TestWorker;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>A worker composed exactly like the separate processes, run inside the test for direct access to its bus.</summary>
internal sealed class InProcessHost : IAsyncDisposable
{
    private InProcessHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<InProcessHost> StartAsync(IDictionary<string, string?> settings)
    {
        var host = TestWorkerHost.CreateBuilder([], settings).Build();
        await host.StartAsync();
        return new InProcessHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

internal static class Settings
{
    public static Dictionary<string, string?> With(this IDictionary<string, string?> settings, params (string Key, string Value)[] changes)
    {
        var copy = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in changes)
        {
            copy[key] = value;
        }

        return copy;
    }

    public static string NewPrefix() => $"it{Guid.NewGuid():N}"[..10];
}
