using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <summary>
    /// Chinese search is a substring match, and LIKE '%…%' reads every listing when the word matches none. pg_trgm cannot
    /// help: a one- or two-character word has no trigram. This indexes each listing's characters and character pairs
    /// (GIN over a text array), so the storefront first asks the index for listings holding every pair of the word, then
    /// confirms with LIKE. Written by hand: EF Core's model has no expression indexes; the model itself is unchanged.
    /// </summary>
    [DbContext(typeof(MarketplaceDbContext))]
    [Migration("20261130100000_CatalogSearchGrams")]
    public partial class CatalogSearchGrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION catalog_grams(t text) RETURNS text[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                    SELECT ARRAY(SELECT DISTINCT g FROM (
                        SELECT substr(t, i, 1) FROM generate_series(1, length(t)) AS i
                        UNION ALL
                        SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i) AS grams(g))
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION catalog_query_grams(t text) RETURNS text[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                    SELECT CASE WHEN length(t) <= 1 THEN ARRAY[t]
                                ELSE ARRAY(SELECT DISTINCT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i) END
                $$;
                """);
            migrationBuilder.Sql("CREATE INDEX ix_listings_search_grams ON listings USING gin (catalog_grams(search_text));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_listings_search_grams;");
            migrationBuilder.Sql("DROP FUNCTION catalog_query_grams(text);");
            migrationBuilder.Sql("DROP FUNCTION catalog_grams(text);");
        }
    }
}
