using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Benchmarks.Hosting;

/// <summary>
/// The real Marketplace.Web (or Marketplace.OrderService: it serves the same health endpoints), built in the same
/// configuration, run as its own process in Production.
/// </summary>
internal sealed class WebHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WebHostProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public int Id => _process.Id;

    public static async Task<WebHostProcess> StartAsync(string dll, IDictionary<string, string?> settings, TimeSpan? ready = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = info };
        var host = new WebHostProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync(ready ?? TimeSpan.FromSeconds(120));
        }
        catch
        {
            // Nobody else holds the process yet: a host that never got ready was left running after the run failed.
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>CPU time (user + system) the host has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Resident set size now (VmRSS), in MiB.</summary>
    public double RssMegabytes() => KilobytesOf("VmRSS") / 1024.0;

    /// <summary>Peak resident set size so far (VmHWM), in MiB.</summary>
    public double PeakRssMegabytes() => KilobytesOf("VmHWM") / 1024.0;

    /// <summary>What the resident set is made of now: the runtime's double-mapped code and type data count as shared.</summary>
    public string MemoryBreakdown() => string.Create(CultureInfo.InvariantCulture,
        $"RSS now {KilobytesOf("VmRSS") / 1024.0:F0} MiB: anonymous {KilobytesOf("RssAnon") / 1024.0:F0}, files {KilobytesOf("RssFile") / 1024.0:F0}, " +
        $"shared {KilobytesOf("RssShmem") / 1024.0:F0}; {KilobytesOf("Threads")} threads");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private long KilobytesOf(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ', '\t')[0], CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilReadyAsync(TimeSpan ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + ready;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The web host exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"{Address}/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The web host did not get ready:\n{Output}");
    }

    private string Output => string.Join('\n', _lines.TakeLast(50));

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            while (_lines.Count > 200 && _lines.TryDequeue(out _))
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
