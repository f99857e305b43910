using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Marketplace.Benchmarks.Load;

namespace Marketplace.Benchmarks.Hosting;

/// <summary>The repository, the local services and the load generator, found or set up the way tests/run-all.sh does.</summary>
internal static class Machine
{
    public static string Root { get; } = FindRoot();

    /// <summary>Names this run's queues apart from any other run's.</summary>
    public static string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Debug or Release: whatever this program was built as; the web host is taken from the same build.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string WebHostDll() => Program("Marketplace.Web");

    public static string OrderServiceDll() => Program("Marketplace.OrderService");

    private static string Program(string project)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built.", path);
    }

    /// <summary>
    /// PostgreSQL and RabbitMQ on loopback: the MARKETPLACE_TEST_* variables if set, else deploy/local/services.sh
    /// starts them (installing what is missing) and prints them.
    /// </summary>
    public static (string Postgres, Uri RabbitMq) Services()
    {
        if (Environment.GetEnvironmentVariable("MARKETPLACE_TEST_POSTGRES") is not { Length: > 0 })
        {
            Console.WriteLine("Starting PostgreSQL and RabbitMQ (deploy/local/services.sh start)");
            Run("bash", "deploy/local/services.sh", "install");
            Run("bash", "deploy/local/services.sh", "start");
            foreach (var line in Run("bash", "deploy/local/services.sh", "env").Split('\n'))
            {
                // export NAME="value"
                if (line.StartsWith("export ", StringComparison.Ordinal) && line.IndexOf('=') is var eq and > 7)
                {
                    Environment.SetEnvironmentVariable(line[7..eq], line[(eq + 1)..].Trim('"'));
                }
            }
        }

        return (Environment.GetEnvironmentVariable("MARKETPLACE_TEST_POSTGRES")!, new Uri(Environment.GetEnvironmentVariable("MARKETPLACE_TEST_RABBITMQ")!));
    }

    /// <summary>wrk from the distribution (installed like the test command installs its packages), else the in-process fallback.</summary>
    public static ILoadGenerator LoadGenerator(string folder)
    {
        if (Which("wrk") is null)
        {
            Console.WriteLine("Installing wrk (deploy/local/services.sh install wrk)");
            try
            {
                Run("bash", "deploy/local/services.sh", "install", "wrk");
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"wrk could not be installed: {e.Message}");
            }
        }

        return Which("wrk") is { } wrk ? WrkLoadGenerator.Create(wrk, folder) : new HttpClientLoadGenerator();
    }

    public static string Description(string postgresVersion)
    {
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kilobytes = long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"')
            : null;
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {kilobytes / 1024.0 / 1024.0:F1} GiB RAM, " +
            $"{os ?? RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {postgresVersion}");
    }

    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static string Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Marketplace.sln not found above the program.");
    }
}
