namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ node of the test's own (its own node name, ports, data and cookie in a temporary folder, loopback only),
/// so a test can stop the broker without touching the one everyone else uses. Needs the rabbitmq-server package.
/// </summary>
internal sealed class OwnRabbitMq : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private readonly string _folder;
    private readonly Dictionary<string, string> _environment;

    private OwnRabbitMq(string folder, int port, Dictionary<string, string> environment)
    {
        _folder = folder;
        _environment = environment;
        // The default guest user may connect from loopback only, which is all this node listens on.
        Uri = new Uri($"amqp://guest:guest@127.0.0.1:{port}/%2F");
    }

    public Uri Uri { get; }

    public static async Task<OwnRabbitMq> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-own-rabbitmq-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[].");
        var port = ChildProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            // The cookie is made in HOME: a node and its CLI calls share it, and no other node knows it.
            ["HOME"] = folder,
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODENAME"] = $"mpit{Guid.NewGuid():N}"[..12] + "@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        var node = new OwnRabbitMq(folder, port, environment);
        await Command.RunAsync(Path.Combine(Bin, "rabbitmq-server"), ["-detached"], environment);
        // await_startup fails at once until the node has registered with epmd.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await node.CtlAsync("await_startup", "--timeout", "60");
                return node;
            }
            catch (InvalidOperationException) when (attempt < 60)
            {
                await Task.Delay(1000);
            }
        }
    }

    /// <summary>Stops the broker application (every connection closed, the port shut); the node keeps its durable queues.</summary>
    public Task StopAsync() => CtlAsync("stop_app");

    public Task StartAgainAsync() => CtlAsync("start_app");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CtlAsync("stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<string> CtlAsync(params string[] arguments) => Command.RunAsync(Path.Combine(Bin, "rabbitmqctl"), ["-q", .. arguments], _environment);
}
