namespace Marketplace.Web.Tests.Infrastructure;

/// <summary>A fixture with one app of its own (and so one data folder), started before its tests and disposed after.</summary>
public abstract class WebAppFixture
{
    protected MarketplaceWebFactory Factory { get; private set; } = null!;

    protected virtual MarketplaceWebFactory CreateFactory() => new();

    [OneTimeSetUp]
    public void StartApp() => Factory = CreateFactory();

    [OneTimeTearDown]
    public async Task StopApp() => await Factory.DisposeAsync();
}
