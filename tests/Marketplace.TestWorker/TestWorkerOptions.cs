namespace Marketplace.TestWorker;

public sealed class TestWorkerOptions
{
    public const string Section = "TestWorker";

    public string Name { get; set; } = "worker";

    public bool CrashAfterPublish { get; set; }
}
