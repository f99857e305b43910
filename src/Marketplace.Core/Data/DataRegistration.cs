using Marketplace.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Data;

public static class DataRegistration
{
    public const string SqliteMigrationsAssembly = "Marketplace.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "Marketplace.Migrations.PostgreSql";

    /// <summary>The DbContext on the configured provider, and migrations applied at start when enabled.</summary>
    public static IHostApplicationBuilder AddMarketplaceData(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DatabaseOptions.Section);
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = options.ResolveConnectionString(builder.Environment.ContentRootPath);
        builder.Services.Configure<DatabaseOptions>(o =>
        {
            section.Bind(o);
            o.ConnectionString = connectionString;
        });

        if (options.MigrateOnStart)
        {
            // The first hosted service: the Data Protection key ring, the bus and the relay start on a migrated database.
            builder.Services.AddHostedService<DatabaseMigrator>();
        }

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            SqliteProcessSettings.Apply();
        }

        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<ReadConnections>();
        builder.Services.AddDbContext<MarketplaceDbContext>((services, db) =>
        {
            UseProvider(db, options.Provider, connectionString);
            db.AddInterceptors(new OutboxSaveChangesInterceptor(services.GetRequiredService<OutboxSignal>()));
        });

        builder.Services.AddHealthChecks().AddDbContextCheck<MarketplaceDbContext>("database", tags: ["ready"]);

        return builder;
    }

    /// <summary>
    /// <c>ids.Contains(x.Id)</c> sends the list as one array (PostgreSQL) or JSON (SQLite) parameter. EF Core 10's default
    /// binds one parameter per element: a 10,000-line unit order or roster then costs seconds of CPU and nears the
    /// providers' parameter limits.
    /// </summary>
    private const ParameterTranslationMode OneParameterPerList = ParameterTranslationMode.Parameter;

    public static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder db, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                db.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly).UseParameterizedCollectionMode(OneParameterPerList));
                break;
            case DatabaseProvider.PostgreSql:
                // The model compiled ahead (`dotnet ef dbcontext optimize`, see README): each PostgreSQL host is one of
                // many scale-out processes, and building the model at start costs each of them memory and start time.
                db.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly).UseParameterizedCollectionMode(OneParameterPerList))
                    .UseModel(CompiledModels.PostgreSql.MarketplaceDbContextModel.Instance);
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{provider}'.");
        }

        return db.UseSnakeCaseNamingConvention();
    }
}
