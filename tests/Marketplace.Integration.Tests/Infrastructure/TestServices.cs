namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server and RabbitMQ virtual host the suite runs against, as the test command exports them
/// (tests/run-all.sh starts both on loopback; deploy/local/services.sh env prints the variables).
/// </summary>
internal static class TestServices
{
    public static string PostgresAdmin => Require("MARKETPLACE_TEST_POSTGRES");

    public static Uri RabbitMq => new(Require("MARKETPLACE_TEST_RABBITMQ"));

    /// <summary>
    /// Configuration for a scale-out process on <paramref name="database"/> with queues named after <paramref name="prefix"/>,
    /// on the suite's virtual host or on <paramref name="broker"/> when given.
    /// </summary>
    public static Dictionary<string, string?> ScaleOut(string database, string prefix, Uri? broker = null)
    {
        var rabbit = broker ?? RabbitMq;
        var credentials = Uri.UnescapeDataString(rabbit.UserInfo).Split(':', 2);
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = database,
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:EndpointPrefix"] = prefix,
            ["Messaging:RabbitMq:Host"] = rabbit.Host,
            ["Messaging:RabbitMq:Port"] = rabbit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:RabbitMq:VirtualHost"] = Uri.UnescapeDataString(rabbit.AbsolutePath.TrimStart('/')),
            ["Messaging:RabbitMq:Username"] = credentials[0],
            ["Messaging:RabbitMq:Password"] = credentials.Length > 1 ? credentials[1] : "",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
            ["Messaging:Retry:Limit"] = "1",
            ["Messaging:Retry:MinInterval"] = "00:00:00.010",
        };
    }

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the suite with tests/run-all.sh, or start the services with " +
                "deploy/local/services.sh start and eval \"$(deploy/local/services.sh env)\".");
}
