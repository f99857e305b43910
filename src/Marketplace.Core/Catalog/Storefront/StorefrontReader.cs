using System.Globalization;
using System.Data.Common;
using Dapper;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Microsoft.Data.Sqlite;

namespace Marketplace.Core.Catalog.Storefront;

/// <summary>
/// The storefront's reads, with Dapper on either database. The SQL is the same on SQLite and PostgreSQL: snake_case
/// names, enums stored by name, LIMIT, row-value comparisons for the keyset, LIKE with an explicit '\' escape, and
/// boolean columns used bare (SQLite's 0/1 and PostgreSQL's boolean both work). What differs — how Guids and dates are
/// stored — is in the parameters (<see cref="DapperTypeHandlers"/>); PostgreSQL adds an index condition to search.
/// Each read takes a <see cref="ReadSession"/>, so on SQLite its statements are prepared once per kept connection.
/// </summary>
public sealed class StorefrontReader(ReadConnections connections, TimeProvider clock)
{
    public const string ImagesPath = "/api/storefront/images";

    /// <summary>A SKU with fewer pieces than this reads "low".</summary>
    public const int LowStockBelow = 10;

    /// <summary>
    /// Visible: published, and its supplier certified today (China date). Suspension or expiry of the certification
    /// takes every listing of the supplier off at once, without touching the listings.
    /// </summary>
    internal const string VisibleJoins = """
        JOIN supplier_applications a ON a.organization_id = l.supplier_id
        JOIN counties c ON c.code = l.county_code
        JOIN organizations o ON o.id = l.supplier_id
        """;

    internal const string VisibleWhere = "WHERE l.status = @published AND a.status = @active AND a.valid_from <= @today AND a.valid_to >= @today";

    private const string Visible = "FROM listings l\n" + VisibleJoins + "\n" + VisibleWhere;

    public async Task<ProductPage> ListAsync(ProductFilter filter, CancellationToken cancellationToken = default)
    {
        var parameters = VisibleParameters();
        await using var session = await connections.RentAsync(cancellationToken);
        var search = await SearchAsync(session, parameters, filter.Search, cancellationToken);
        AddFilters(parameters, filter);
        if (filter.After is { } after)
        {
            parameters.Add("afterKey", filter.Sort == ProductSort.Newest ? new DateTime(after.Key, DateTimeKind.Utc) : after.Key);
            parameters.Add("afterId", after.Id);
        }

        if (connections.Provider == DatabaseProvider.PostgreSql)
        {
            parameters.Add("take", filter.Limit + 1);
        }

        var sql = ProductListSql.For(ProductListShape.Of(filter, search), connections.Provider);

        // The most requested read: its statement is prepared once per connection (ReadSession), and its rows are read by
        // position with typed getters rather than mapped by Dapper, whose mapper boxes every column through GetValue (on
        // SQLite that asks the column's type and count each time).
        await using var reader = await session.Command(sql, parameters).ExecuteReaderAsync(cancellationToken);
        var cards = new List<ProductCard>(filter.Limit);
        var lastPublishedAt = default(DateTime);
        string? next = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (cards.Count == filter.Limit)
            {
                next = CursorAfter(filter.Sort, cards[^1], lastPublishedAt).Encode();
                break;
            }

            cards.Add(ReadCard(reader));
            lastPublishedAt = DateTime.SpecifyKind(reader.GetDateTime(10), DateTimeKind.Utc);
        }

        return new ProductPage(cards, next);
    }

    /// <summary>The filters' choices with their counts (its statement, like every read here, prepared once per kept connection).</summary>
    public async Task<StorefrontFacets> FacetsAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await connections.RentAsync(cancellationToken);
        var rows = await session.QueryAsync<FacetRow>($"""
            SELECT l.county_code AS CountyCode, c.name AS CountyName, c.region AS Region, l.category AS Category,
                   l.brand AS Brand, COUNT(*) AS Count
            {Visible}
            GROUP BY l.county_code, c.name, c.region, l.category, l.brand
            """, VisibleParameters(), cancellationToken);
        return new StorefrontFacets(
            rows.Sum(r => r.Count),
            [.. rows.GroupBy(r => (r.CountyCode, r.CountyName, r.Region)).Select(g => new CountyFacet(g.Key.CountyCode, g.Key.CountyName, g.Key.Region, g.Sum(r => r.Count)))
                .OrderByDescending(f => f.Count).ThenBy(f => f.Code, StringComparer.Ordinal)],
            [.. rows.GroupBy(r => r.Region).Select(g => new RegionFacet(g.Key, g.Sum(r => r.Count))).OrderBy(f => f.Region)],
            [.. rows.GroupBy(r => r.Category).Select(g => new CategoryFacet(g.Key, g.Sum(r => r.Count))).OrderBy(f => f.Category)],
            [.. rows.Where(r => r.Brand is not null).GroupBy(r => r.Brand!).Select(g => new BrandFacet(g.Key, g.Sum(r => r.Count)))
                .OrderByDescending(f => f.Count).ThenBy(f => f.Brand, StringComparer.Ordinal)]);
    }

    /// <summary>The product page's content, or null when the listing is not on the storefront.</summary>
    public async Task<ProductDetail?> DetailAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var parameters = VisibleParameters();
        parameters.Add("id", id);
        await using var session = await connections.RentAsync(cancellationToken);
        var row = (await session.QueryAsync<DetailRow>($"""
            SELECT l.id AS Id, l.name AS Name, l.brand AS Brand, l.category AS Category, l.description AS Description,
                   l.minimum_order_quantity AS MinimumOrderQuantity, l.shelf_life_days AS ShelfLifeDays,
                   l.shipping_regions AS ShippingRegions, l.min_price_fen AS MinPriceFen, l.sold_quantity AS SoldQuantity,
                   l.first_published_at AS FirstPublishedAt, l.revision AS Revision, l.supplier_id AS SupplierId,
                   o.name AS SupplierName, a.type AS SupplierType, a.valid_to AS CertifiedUntil,
                   c.code AS CountyCode, c.name AS CountyName, c.prefecture AS Prefecture, c.province AS Province,
                   c.region AS Region, c.assistance_type AS AssistanceType
            {Visible} AND l.id = @id
            """, parameters, cancellationToken)).SingleOrDefault();
        if (row is null)
        {
            return null;
        }

        var skus = await session.QueryAsync<SkuRow>("""
            SELECT s.id AS Id, s.code AS Code, s.spec AS Spec, s.weight_grams AS WeightGrams, s.box_size AS BoxSize,
                   s.garment_size AS GarmentSize, s.price_fen AS PriceFen, s.reference_price_fen AS ReferencePriceFen,
                   (SELECT COALESCE(SUM(p.pieces), 0) FROM listing_sku_stock_slots p WHERE p.sku_id = s.id) AS Stock,
                   s.lead_time_days AS LeadTimeDays
            FROM listing_skus s WHERE s.listing_id = @id AND s.is_active ORDER BY s.position
            """, With("id", id), cancellationToken);
        var tiers = (await session.QueryAsync<TierRow>("""
            SELECT t.sku_id AS SkuId, t.min_quantity AS MinQuantity, t.price_fen AS PriceFen
            FROM sku_volume_tiers t JOIN listing_skus s ON s.id = t.sku_id
            WHERE s.listing_id = @id ORDER BY t.min_quantity
            """, With("id", id), cancellationToken)).ToLookup(t => t.SkuId);
        var images = await session.QueryAsync<ImageRow>("""
            SELECT i.id AS Id, i.hash AS Hash, i.width AS Width, i.height AS Height
            FROM listing_images i WHERE i.listing_id = @id ORDER BY i.position
            """, With("id", id), cancellationToken);
        var linkageParameters = With("supplier", row.SupplierId);
        linkageParameters.Add("today", Today());
        var linkage = (await session.QueryAsync<LinkageRow>("""
            SELECT b.mechanism AS Mechanism, b.description AS Description, b.households AS Households, b.people AS People,
                   b.poverty_alleviated_people AS PovertyAlleviatedPeople, b.disabled_people AS DisabledPeople, b.effective_from AS EffectiveFrom
            FROM benefit_linkages b WHERE b.supplier_id = @supplier AND b.effective_from <= @today
            ORDER BY b.effective_from DESC, b.declared_at DESC LIMIT 1
            """, linkageParameters, cancellationToken)).FirstOrDefault();

        return new ProductDetail(
            row.Id, row.Name, row.Brand, row.Category, row.Description, row.MinimumOrderQuantity, row.ShelfLifeDays, row.ShippingRegions,
            row.MinPriceFen, row.SoldQuantity, row.FirstPublishedAt, row.Revision,
            [.. skus.Select(s => new SkuView(
                s.Id, s.Code, s.Spec, s.WeightGrams, s.BoxSize, s.GarmentSize, s.PriceFen, s.ReferencePriceFen, Premium(s.PriceFen, s.ReferencePriceFen),
                StockOf(s.Stock), [.. tiers[s.Id].Select(t => new VolumeTierView(t.MinQuantity, t.PriceFen))], s.LeadTimeDays > 0 ? s.LeadTimeDays : null))],
            [.. images.Select(i => new ImageView(i.Id, i.Width, i.Height, ImageUrl(i.Id, i.Hash, ImageVariant.Display), ImageUrl(i.Id, i.Hash, ImageVariant.Thumbnail)))],
            new SupplierView(row.SupplierId, row.SupplierName, row.SupplierType, row.CertifiedUntil),
            new CountyView(row.CountyCode, row.CountyName, row.Prefecture, row.Province, row.Region, row.AssistanceType),
            linkage is null ? null : new LinkageView(
                linkage.Mechanism, linkage.Description, linkage.Households, linkage.People, linkage.PovertyAlleviatedPeople, linkage.DisabledPeople, linkage.EffectiveFrom));
    }

    /// <summary>An image's bytes, only while its listing is visible and only under its current hash.</summary>
    public async Task<ImageContent?> ImageAsync(Guid imageId, string hash, ImageVariant variant, CancellationToken cancellationToken = default)
    {
        var column = variant == ImageVariant.Thumbnail ? "i.thumbnail" : "i.display";
        var parameters = VisibleParameters();
        parameters.Add("imageId", imageId);
        parameters.Add("hash", hash);
        await using var session = await connections.RentAsync(cancellationToken);
        var row = (await session.QueryAsync<ImageBytesRow>($"""
            SELECT i.content_type AS ContentType, {column} AS Bytes
            FROM listing_images i
            JOIN listings l ON l.id = i.listing_id
            {VisibleJoins}
            {VisibleWhere} AND i.id = @imageId AND i.hash = @hash
            """, parameters, cancellationToken)).SingleOrDefault();
        return row is null ? null : new ImageContent(row.ContentType, row.Bytes);
    }

    public static string ImageUrl(Guid imageId, string hash, ImageVariant variant) =>
        $"{ImagesPath}/{imageId}/{hash}/{variant.ToString().ToLowerInvariant()}";

    public static StockStatus StockOf(int stock) => stock switch
    {
        <= 0 => StockStatus.OutOfStock,
        < LowStockBelow => StockStatus.Low,
        _ => StockStatus.InStock,
    };

    private static long? Premium(long priceFen, long? referencePriceFen) => referencePriceFen is { } reference ? priceFen - reference : null;

    private DateOnly Today() => ChinaCalendar.Today(clock);

    private static DynamicParameters With(string name, object value)
    {
        var parameters = new DynamicParameters();
        parameters.Add(name, value);
        return parameters;
    }

    private DynamicParameters VisibleParameters()
    {
        var parameters = new DynamicParameters();
        parameters.Add("published", nameof(ListingStatus.Published));
        parameters.Add("active", nameof(CertificationStatus.Active));
        parameters.Add("today", Today());
        return parameters;
    }

    private static void AddFilters(DynamicParameters parameters, ProductFilter filter)
    {
        if (filter.CountyCode is { } county)
        {
            parameters.Add("county", county);
        }

        if (filter.Region is { } region)
        {
            parameters.Add("region", region.ToString());
        }

        if (filter.Category is { } category)
        {
            parameters.Add("category", category.ToString());
        }

        if (!string.IsNullOrWhiteSpace(filter.Brand))
        {
            parameters.Add("brand", filter.Brand.Trim());
        }

        if (filter.MinPriceFen is { } min)
        {
            parameters.Add("minPrice", min);
        }

        if (filter.MaxPriceFen is { } max)
        {
            parameters.Add("maxPrice", max);
        }
    }

    /// <summary>
    /// A word matches a listing's text or its county's name. Whether any county matches is asked first, in its own
    /// small query, so that usually the listing condition stays one that an index can answer: on PostgreSQL the character-gram index
    /// (<c>catalog_grams</c>, see the migration <c>CatalogSearchGrams</c>) finds the candidates, and a word that matches
    /// nothing costs an index probe rather than a read of every listing. LIKE then confirms the exact substring.
    /// </summary>
    private static async Task<ListSearch> SearchAsync(
        ReadSession session, DynamicParameters parameters, string? search, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(search) || CatalogSearch.Normalize(search).Length == 0)
        {
            return ListSearch.None;
        }

        // search_text is stored normalized (lower case); the pattern is normalized the same way, so LIKE's
        // case rules (SQLite: ASCII only; PostgreSQL: none) never come into play.
        var pattern = CatalogSearch.ContainsPattern(search);
        parameters.Add("search", pattern);
        parameters.Add("term", CatalogSearch.Normalize(search));
        var county = new DynamicParameters();
        county.Add("search", pattern);
        var countyMatches = Convert.ToBoolean(
            await session.Command(CountyMatchesSql, county).ExecuteScalarAsync(cancellationToken),
            CultureInfo.InvariantCulture);
        if (countyMatches)
        {
            return ListSearch.TextOrCounty;
        }

        if (session.Connection is not SqliteConnection)
        {
            return ListSearch.Text;
        }

        // PostgreSQL's planner weighs the gram index against the sort order's from its statistics; SQLite's cannot, so
        // the listings the index names are counted here, up to where walking the sort order becomes the cheaper way.
        var term = new DynamicParameters();
        term.Add("term", CatalogSearch.Normalize(search));
        var candidates = Convert.ToInt32(
            await session.Command(CandidatesSql, term).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return candidates < FewCandidates ? ListSearch.TextFromGrams : ListSearch.Text;
    }

    /// <summary>
    /// Below this many listings holding a word's grams, a page starts from them (<see cref="ListSearch.TextFromGrams"/>).
    /// Above it, matches are common enough that walking the sort order finds a page soon: on 100,000 listings a word in
    /// one of 12 was a page in 2 ms that way, while reading and sorting all its 8,000 listings would cost far more.
    /// </summary>
    public const int FewCandidates = 1_000;

    internal const string CountyMatchesSql = @"SELECT EXISTS (SELECT 1 FROM counties WHERE name LIKE @search ESCAPE '\')";

    internal static readonly string CandidatesSql =
        $"SELECT count(*) FROM (SELECT 1 FROM listing_search WHERE listing_search MATCH {CatalogSearch.SqliteWordGrams} LIMIT {FewCandidates})";

    private static ProductCursor CursorAfter(ProductSort sort, ProductCard last, DateTime lastPublishedAt) => new(sort, sort switch
    {
        ProductSort.PriceAscending or ProductSort.PriceDescending => last.MinPriceFen,
        ProductSort.BestSelling => last.SoldQuantity,
        _ => lastPublishedAt.Ticks,
    }, last.Id);

    /// <summary>
    /// A row of the list's SELECT, by position. The getters read both providers' storage: Microsoft.Data.Sqlite parses
    /// the TEXT that EF Core stores Guids and times as, and gives SQLite's integers as any integer type or a bool.
    /// </summary>
    private static ProductCard ReadCard(DbDataReader row)
    {
        var minPriceFen = row.GetInt64(8);
        long? referencePriceFen = row.IsDBNull(11) ? null : row.GetInt64(11);
        return new ProductCard(
            row.GetGuid(0),
            row.GetString(1),
            row.IsDBNull(2) ? null : row.GetString(2),
            Enum.Parse<ProductCategory>(row.GetString(3), ignoreCase: true),
            row.GetString(4).Trim(),
            row.GetString(5),
            Enum.Parse<AssistedRegion>(row.GetString(6), ignoreCase: true),
            row.GetString(7),
            minPriceFen,
            referencePriceFen,
            Premium(minPriceFen, referencePriceFen),
            row.GetBoolean(12),
            row.IsDBNull(14) || row.IsDBNull(15) ? null : ImageUrl(row.GetGuid(14), row.GetString(15), ImageVariant.Thumbnail),
            row.GetInt64(9),
            row.IsDBNull(13) ? null : row.GetInt32(13));
    }

    // Rows are classes with setters, not positional records: Dapper converts a column to a property's type (SQLite
    // returns every integer as Int64), but matches constructor parameters only on the exact column type.
    private sealed class FacetRow
    {
        public string CountyCode { get; set; } = "";
        public string CountyName { get; set; } = "";
        public AssistedRegion Region { get; set; }
        public ProductCategory Category { get; set; }
        public string? Brand { get; set; }
        public int Count { get; set; }
    }

    private sealed class DetailRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string? Brand { get; set; }
        public ProductCategory Category { get; set; }
        public string Description { get; set; } = "";
        public int MinimumOrderQuantity { get; set; }
        public int? ShelfLifeDays { get; set; }
        public string ShippingRegions { get; set; } = "";
        public long MinPriceFen { get; set; }
        public long SoldQuantity { get; set; }
        public DateTime FirstPublishedAt { get; set; }
        public int Revision { get; set; }
        public Guid SupplierId { get; set; }
        public string SupplierName { get; set; } = "";
        public SupplierType SupplierType { get; set; }
        public DateOnly CertifiedUntil { get; set; }
        public string CountyCode { get; set; } = "";
        public string CountyName { get; set; } = "";
        public string Prefecture { get; set; } = "";
        public string Province { get; set; } = "";
        public AssistedRegion Region { get; set; }
        public AssistanceType AssistanceType { get; set; }
    }

    private sealed class SkuRow
    {
        public Guid Id { get; set; }
        public string Code { get; set; } = "";
        public string Spec { get; set; } = "";
        public int? WeightGrams { get; set; }
        public string? BoxSize { get; set; }
        public string? GarmentSize { get; set; }
        public long PriceFen { get; set; }
        public long? ReferencePriceFen { get; set; }
        public int Stock { get; set; }
        public int LeadTimeDays { get; set; }
    }

    private sealed class TierRow
    {
        public Guid SkuId { get; set; }
        public int MinQuantity { get; set; }
        public long PriceFen { get; set; }
    }

    private sealed class ImageRow
    {
        public Guid Id { get; set; }
        public string Hash { get; set; } = "";
        public int Width { get; set; }
        public int Height { get; set; }
    }

    private sealed class LinkageRow
    {
        public BenefitMechanism Mechanism { get; set; }
        public string Description { get; set; } = "";
        public int Households { get; set; }
        public int People { get; set; }
        public int PovertyAlleviatedPeople { get; set; }
        public int DisabledPeople { get; set; }
        public DateOnly EffectiveFrom { get; set; }
    }

    private sealed class ImageBytesRow
    {
        public string ContentType { get; set; } = "";
        public byte[] Bytes { get; set; } = [];
    }
}
