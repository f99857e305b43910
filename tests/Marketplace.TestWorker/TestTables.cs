namespace Marketplace.TestWorker;

/// <summary>Tables the tests read to count deliveries and effects; created by the tests, not by migrations.</summary>
public static class TestTables
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS test_effects (key TEXT NOT NULL, worker TEXT NOT NULL, message_id TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS test_deliveries (message_id TEXT NOT NULL, worker TEXT NOT NULL, stage TEXT NOT NULL, delivered_at TEXT NOT NULL);
        """;
}
