using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Chinese search is a substring match, and LIKE '%…%' reads every listing when the word matches few or none: on
    /// 100,000 listings a word that matched nothing took 150–250 ms. As on PostgreSQL (its CatalogSearchGrams), each
    /// listing's characters and character pairs are indexed, here in a contentless FTS5 table keyed by the listing's
    /// rowid. A gram is written as the hex of its UTF-8 bytes, so that no tokenizer splits, folds or drops any character.
    /// Triggers keep it in step with every write, in the writer's transaction; the grams are computed in SQL (a view
    /// over a table of positions), so no connection needs a function of ours. Written by hand: EF Core's model has no virtual tables; the model is unchanged.
    /// </summary>
    [DbContext(typeof(MarketplaceDbContext))]
    [Migration("20261202031500_CatalogSearchGrams")]
    public partial class CatalogSearchGrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Positions 1..400, the longest search text (Listing.SearchTextMaxLength). A table, not a recursive view (a
            // trigger may not hold a recursive query): its key reads only a text's own length, which made writing a
            // listing's grams 3× cheaper.
            migrationBuilder.Sql("CREATE TABLE catalog_positions (i INTEGER PRIMARY KEY);");
            migrationBuilder.Sql("""
                INSERT INTO catalog_positions (i)
                WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < 400) SELECT i FROM p;
                """);
            migrationBuilder.Sql("""
                CREATE VIEW listing_search_source AS
                SELECT l.rowid AS listing_rowid,
                       (SELECT group_concat(g, ' ') FROM (
                            SELECT hex(substr(l.search_text, i, 1)) AS g FROM catalog_positions WHERE i <= length(l.search_text)
                            UNION
                            SELECT hex(substr(l.search_text, i, 2)) FROM catalog_positions WHERE i < length(l.search_text))) AS grams
                FROM listings l;
                """);
            migrationBuilder.Sql("CREATE VIRTUAL TABLE listing_search USING fts5(grams, content='', contentless_delete=1, detail=none, tokenize='ascii');");
            migrationBuilder.Sql("INSERT INTO listing_search(rowid, grams) SELECT listing_rowid, grams FROM listing_search_source;");
            migrationBuilder.Sql("""
                CREATE TRIGGER listings_search_insert AFTER INSERT ON listings BEGIN
                    INSERT INTO listing_search(rowid, grams) SELECT listing_rowid, grams FROM listing_search_source WHERE listing_rowid = new.rowid;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER listings_search_update AFTER UPDATE OF search_text ON listings BEGIN
                    DELETE FROM listing_search WHERE rowid = old.rowid;
                    INSERT INTO listing_search(rowid, grams) SELECT listing_rowid, grams FROM listing_search_source WHERE listing_rowid = new.rowid;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER listings_search_delete AFTER DELETE ON listings BEGIN
                    DELETE FROM listing_search WHERE rowid = old.rowid;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER listings_search_delete;");
            migrationBuilder.Sql("DROP TRIGGER listings_search_update;");
            migrationBuilder.Sql("DROP TRIGGER listings_search_insert;");
            migrationBuilder.Sql("DROP TABLE listing_search;");
            migrationBuilder.Sql("DROP VIEW listing_search_source;");
            migrationBuilder.Sql("DROP TABLE catalog_positions;");
        }
    }
}
