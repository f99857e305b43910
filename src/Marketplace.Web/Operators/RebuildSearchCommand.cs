using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Operators;

/// <summary>
/// <c>dotnet run --project src/Marketplace.Web -- rebuild-search</c>: on the embedded default, refills the storefront's
/// search index from the listings and exits without serving (every start does the same when it finds the index out of
/// step with the listings, as after a VACUUM that renumbered them); on PostgreSQL there is nothing to do.
/// </summary>
public static class RebuildSearchCommand
{
    public const string Verb = "rebuild-search";

    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args.Length > 1)
        {
            await output.WriteLineAsync($"Usage: {Verb}");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            await output.WriteLineAsync("PostgreSQL keeps the search index itself; nothing to do.");
            return 0;
        }

        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        if (database.MigrateOnStart)
        {
            await ActivatorUtilities.CreateInstance<DatabaseMigrator>(scope.ServiceProvider).MigrateAsync(db, CancellationToken.None);
        }

        var listings = await CatalogSearchIndex.RefillSqliteAsync(db);
        await output.WriteLineAsync($"Refilled the search index from {listings} listings.");
        return 0;
    }
}
