using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Marketplace.Web.Tests.Infrastructure;

/// <summary>
/// Adds paths that throw, at the end of the app's pipeline: a request reaches them only after every middleware
/// of the app (error handling, localization, authorization) has run, as a throwing endpoint would.
/// </summary>
internal sealed class FaultInjection : IStartupFilter
{
    public const string Segment = "/test-faults";

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, FaultInjection>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use(async (context, nextMiddleware) =>
        {
            var path = context.Request.Path.Value ?? "";
            var at = path.IndexOf(Segment + "/", StringComparison.Ordinal);
            if (at < 0)
            {
                await nextMiddleware(context);
                return;
            }

            throw Exception(path[(at + Segment.Length + 1)..]);
        });
    };

    public static Exception Exception(string fault) => fault switch
    {
        "postgres-down" => new NpgsqlException("Failed to connect to 10.0.0.9:5432 Password=hunter2", new SocketException((int)SocketError.ConnectionRefused)),
        "sqlite-locked" => new DbUpdateException("An error occurred while saving", new SqliteException("database is locked", 6)),
        "bad-request" => new BadHttpRequestException("Malformed", StatusCodes.Status400BadRequest),
        _ => new InvalidOperationException("Password=hunter2 leaked from a bug"),
    };
}
