using Marketplace.Core.Data;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Runs <paramref name="work"/> on a DbContext of the app's own, in a scope of its own.</summary>
    protected async Task<T> InDbAsync<T>(Func<MarketplaceDbContext, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
    }

    protected async Task InDbAsync(Func<MarketplaceDbContext, Task> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
    }
}
