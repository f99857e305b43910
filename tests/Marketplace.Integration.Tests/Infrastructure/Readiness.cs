using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>Waits for a started program of ours to answer its readiness probe, as an orchestrator would.</summary>
internal static class Readiness
{
    private static readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task WaitAsync(ChildProcess process, int port)
    {
        string? body = null;
        // Start-up includes migrations and the first JIT; a busy 2-core machine has needed 93 s for it.
        await Eventually.HoldsAsync(async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"{process.Name} exited.\n{process.Output}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, $"{process.Name} answers /health/ready with 200", TimeSpan.FromSeconds(180));
        TestContext.Out.WriteLine($"{process.Name} ready: {body}");
    }
}
