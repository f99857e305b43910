using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Marketplace.Benchmarks.Seeding;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Suppliers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Marketplace.Benchmarks.Raw;

/// <summary>
/// The baseline for B1/B1e: the storefront's list query with no framework around it. One route per database, the
/// query string parsed by hand, the SQL that <see cref="StorefrontReader"/> builds for this filter and sort, run on a
/// plain NpgsqlDataSource (same connection string, so the same pool size) or Microsoft.Data.Sqlite (same file and
/// pooling), and the same JSON shape written with Utf8JsonWriter. No validation, ETag, localization or auth.
/// The second SQLite route keeps its connections open with the command prepared, as the web host's reads do
/// (<c>ReadSession</c>): against it, what remains between the two is the web host's pipeline alone.
/// </summary>
internal sealed class RawCatalogEndpoint : IAsyncDisposable
{
    public const string PostgresPath = "/raw/postgres/products";
    public const string SqlitePath = "/raw/sqlite/products";
    public const string SqliteKeptPath = "/raw/sqlite-kept/products";

    /// <summary>
    /// What StorefrontReader.ListAsync sends for category + price range + keyset after a cursor, newest first.
    /// The program checks at start that both endpoints answer the same page.
    /// </summary>
    public const string Sql = """
        SELECT l.id AS Id, l.name AS Name, l.brand AS Brand, l.category AS Category, l.county_code AS CountyCode,
               c.name AS CountyName, c.region AS Region, o.name AS SupplierName, l.min_price_fen AS MinPriceFen,
               l.sold_quantity AS SoldQuantity, l.first_published_at AS FirstPublishedAt,
               (SELECT s.reference_price_fen FROM listing_skus s WHERE s.listing_id = l.id AND s.is_active
                ORDER BY s.price_fen, s.position LIMIT 1) AS ReferencePriceFen,
               COALESCE((SELECT MAX(p.pieces) FROM listing_skus s JOIN listing_sku_stock_slots p ON p.sku_id = s.id WHERE s.listing_id = l.id AND s.is_active), 0) > 0 AS InStock,
               (SELECT MIN(s.lead_time_days) FROM listing_skus s WHERE s.listing_id = l.id AND s.is_active AND s.lead_time_days > 0) AS MadeToOrderDays,
               i.id AS ImageId, i.hash AS ImageHash
        FROM listings l
        JOIN supplier_applications a ON a.organization_id = l.supplier_id
        JOIN counties c ON c.code = l.county_code
        JOIN organizations o ON o.id = l.supplier_id
        LEFT JOIN listing_images i ON i.id = COALESCE(l.cover_image_id,
            (SELECT i2.id FROM listing_images i2 WHERE i2.listing_id = l.id ORDER BY i2.position LIMIT 1))
        WHERE l.status = @published AND a.status = @active AND a.valid_from <= @today AND a.valid_to >= @today
         AND l.category = @category
         AND l.min_price_fen >= @minPrice
         AND l.min_price_fen <= @maxPrice
         AND (l.first_published_at, l.id) < (@afterKey, @afterId)
         ORDER BY l.first_published_at DESC, l.id DESC
         LIMIT @take
        """;

    /// <summary>
    /// The same on SQLite, where the storefront writes the largest page into the text instead of binding the page size
    /// (a bound LIMIT makes SQLite prepare the statement again whenever it is bound).
    /// </summary>
    public static readonly string SqliteSql = Sql.Replace(" LIMIT @take", $" LIMIT {ProductFilter.MaxLimit + 1}", StringComparison.Ordinal);

    private const int Limit = ProductFilter.DefaultLimit;

    private readonly WebApplication _app;
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;
    private readonly ConcurrentBag<SqliteCommand> _kept = [];

    private RawCatalogEndpoint(WebApplication app, NpgsqlDataSource? postgres, string? sqlite)
    {
        _app = app;
        _postgres = postgres;
        _sqlite = sqlite;
    }

    public string Address { get; private set; } = "";

    public static async Task<RawCatalogEndpoint> StartAsync(string? postgresConnectionString, string? sqliteConnectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new RawCatalogEndpoint(
            app, postgresConnectionString is null ? null : NpgsqlDataSource.Create(postgresConnectionString), sqliteConnectionString);
        app.MapGet(PostgresPath, endpoint.PostgresAsync);
        app.MapGet(SqlitePath, endpoint.SqliteAsync);
        app.MapGet(SqliteKeptPath, endpoint.SqliteKeptAsync);
        await app.StartAsync();
        endpoint.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        while (_kept.TryTake(out var command))
        {
            await command.Connection!.DisposeAsync();
            await command.DisposeAsync();
        }
    }

    private async Task PostgresAsync(HttpContext context)
    {
        var query = RawQuery.From(context.Request.Query);
        await using var connection = await _postgres!.OpenConnectionAsync(context.RequestAborted);
        await using var command = new NpgsqlCommand(Sql, connection);
        foreach (var (name, value) in query.Parameters())
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
        await WritePageAsync(context, reader, (r, i) => r.GetGuid(i), r => r.GetDateTime(10), r => r.GetBoolean(12));
    }

    private async Task SqliteAsync(HttpContext context)
    {
        await using var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(context.RequestAborted);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSql;
        await SqlitePageAsync(context, command);
    }

    private async Task SqliteKeptAsync(HttpContext context)
    {
        if (!_kept.TryTake(out var command))
        {
            var connection = new SqliteConnection(_sqlite);
            await connection.OpenAsync(context.RequestAborted);
            command = connection.CreateCommand();
            command.CommandText = SqliteSql;
        }

        try
        {
            await SqlitePageAsync(context, command);
        }
        finally
        {
            _kept.Add(command);
        }
    }

    private static async Task SqlitePageAsync(HttpContext context, SqliteCommand command)
    {
        var query = RawQuery.From(context.Request.Query);
        command.Parameters.Clear();
        foreach (var (name, value) in query.Parameters())
        {
            command.Parameters.AddWithValue(name, SeedWriters.SqliteValue(value));
        }

        await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
        await WritePageAsync(
            context, reader, (r, i) => Guid.Parse(r.GetString(i), CultureInfo.InvariantCulture),
            r => DateTime.SpecifyKind(DateTime.Parse(r.GetString(10), CultureInfo.InvariantCulture), DateTimeKind.Utc),
            r => r.GetInt64(12) != 0);
    }

    private static async Task WritePageAsync(
        HttpContext context, DbDataReader reader, Func<DbDataReader, int, Guid> guid, Func<DbDataReader, DateTime> published, Func<DbDataReader, bool> inStock)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray("items");
        var rows = 0;
        (Guid Id, DateTime Published) last = default;
        string? next = null;
        while (await reader.ReadAsync(context.RequestAborted))
        {
            if (++rows > Limit)
            {
                next = new ProductCursor(ProductSort.Newest, last.Published.Ticks, last.Id).Encode();
                break;
            }

            last = (guid(reader, 0), published(reader));
            var minPrice = reader.GetInt64(8);
            long? reference = reader.IsDBNull(11) ? null : reader.GetInt64(11);
            json.WriteStartObject();
            json.WriteString("id", last.Id);
            json.WriteString("name", reader.GetString(1));
            WriteNullable(json, "brand", reader.IsDBNull(2) ? null : reader.GetString(2));
            json.WriteString("category", reader.GetString(3));
            json.WriteString("countyCode", reader.GetString(4).Trim());
            json.WriteString("countyName", reader.GetString(5));
            json.WriteString("region", reader.GetString(6));
            json.WriteString("supplierName", reader.GetString(7));
            json.WriteNumber("minPriceFen", minPrice);
            WriteNullable(json, "referencePriceFen", reference);
            WriteNullable(json, "premiumFen", minPrice - reference);
            json.WriteBoolean("inStock", inStock(reader));
            WriteNullable(json, "thumbnailUrl", reader.IsDBNull(14) || reader.IsDBNull(15)
                ? null
                : StorefrontReader.ImageUrl(guid(reader, 14), reader.GetString(15), ImageVariant.Thumbnail));
            json.WriteNumber("soldQuantity", reader.GetInt64(9));
            WriteNullable(json, "madeToOrderDays", reader.IsDBNull(13) ? null : Convert.ToInt64(reader.GetValue(13), CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteNullable(json, "nextCursor", next);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>The benchmark's query string: category, price range and the previous page's cursor.</summary>
    private sealed record RawQuery(string Category, long MinPriceFen, long MaxPriceFen, ProductCursor After)
    {
        public static RawQuery From(IQueryCollection query) => new(
            query["category"].ToString(),
            long.Parse(query["minPriceFen"].ToString(), CultureInfo.InvariantCulture),
            long.Parse(query["maxPriceFen"].ToString(), CultureInfo.InvariantCulture),
            ProductCursor.TryDecode(query["cursor"].ToString(), out var cursor) && cursor.Sort == ProductSort.Newest
                ? cursor
                : throw new BadHttpRequestException("cursor"));

        public IEnumerable<(string Name, object Value)> Parameters() =>
        [
            ("published", "Published"),
            ("active", "Active"),
            ("today", ChinaCalendar.DateOf(DateTime.UtcNow)),
            ("category", Category),
            ("minPrice", MinPriceFen),
            ("maxPrice", MaxPriceFen),
            ("afterKey", new DateTime(After.Key, DateTimeKind.Utc)),
            ("afterId", After.Id),
            ("take", Limit + 1),
        ];
    }
}
