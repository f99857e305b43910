using Marketplace.Core.Catalog;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Data;
using Marketplace.Core.Tests.Messaging;
using SQLitePCL;

namespace Marketplace.Core.Tests.Catalog;

/// <summary>
/// The web host keeps the storefront list's statement prepared on each SQLite connection (<see cref="ReadSession"/>).
/// That only pays if SQLite does not prepare it again itself: it does whenever a parameter whose value its planner read
/// is bound again, as a bound LIMIT is.
/// </summary>
public sealed class KeptListStatementTests
{
    private static readonly ProductFilter NextPageOfFruit = new(
        Category: ProductCategory.Fruit, MinPriceFen: 100, MaxPriceFen: 100_000, After: new ProductCursor(ProductSort.Newest, 1, Guid.NewGuid()));

    [Test]
    public async Task The_list_statement_runs_page_after_page_without_being_prepared_again()
    {
        var sql = ProductListSql.For(ProductListShape.Of(NextPageOfFruit, ListSearch.None), DatabaseProvider.Sqlite);

        Assert.That(await ReprepareCountAsync(sql), Is.Zero);
    }

    [Test]
    public async Task A_bound_page_size_would_have_it_prepared_again_on_every_page()
    {
        var sql = ProductListSql.For(ProductListShape.Of(NextPageOfFruit, ListSearch.None), DatabaseProvider.Sqlite)
            .Replace(ProductListSql.SqliteLimit, " LIMIT @take", StringComparison.Ordinal);

        Assert.That(await ReprepareCountAsync(sql), Is.EqualTo(Pages), "the first page too: the plan was made before any value was bound");
    }

    [TestCase(nameof(ListSearch.Text))]
    [TestCase(nameof(ListSearch.TextOrCounty))]
    [TestCase(nameof(ListSearch.TextFromGrams))]
    public async Task A_search_runs_again_and_again_on_a_kept_connection_without_being_prepared_again(string search)
    {
        var sql = ProductListSql.For(ProductListShape.Of(NextPageOfFruit, Enum.Parse<ListSearch>(search)), DatabaseProvider.Sqlite);

        Assert.That(await ReprepareCountAsync(sql, keepPlans: true), Is.Zero);
    }

    [Test]
    public async Task A_search_asks_the_county_names_and_counts_its_candidates_without_being_prepared_again()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await ReprepareCountAsync(StorefrontReader.CountyMatchesSql, keepPlans: true), Is.Zero);
            Assert.That(await ReprepareCountAsync(StorefrontReader.CandidatesSql, keepPlans: true), Is.Zero);
        });
    }

    [Test]
    public async Task Without_the_planner_stability_guarantee_a_search_would_be_prepared_again_every_time()
    {
        var sql = ProductListSql.For(ProductListShape.Of(NextPageOfFruit, ListSearch.Text), DatabaseProvider.Sqlite);

        Assert.That(await ReprepareCountAsync(sql, keepPlans: false), Is.EqualTo(Pages), "SQLite's planner reads a bound LIKE pattern");
    }

    private const int Pages = 5;

    /// <summary>SQLITE_STMTSTATUS_REPREPARE in sqlite3.h, which SQLitePCL.raw does not name.</summary>
    private const int StatementStatusReprepare = 5;

    /// <summary>Runs the text as a kept statement for several pages, binding every parameter anew each time as the driver does.</summary>
    private static async Task<int> ReprepareCountAsync(string sql, bool keepPlans = false)
    {
        using var data = new TempFolder();
        await using (await EmbeddedHost.StartAsync(data.Path))
        {
            // started once for its migrations: the schema the statement is planned against
        }

        Batteries_V2.Init();
        Assert.That(raw.sqlite3_open(Path.Combine(data.Path, "marketplace.db"), out var db), Is.EqualTo(raw.SQLITE_OK));
        using (db)
        {
            if (keepPlans)
            {
                SqliteReadPool.KeepPlans(db);
            }

            Assert.That(raw.sqlite3_prepare_v2(db, sql, out var statement), Is.EqualTo(raw.SQLITE_OK), raw.sqlite3_errmsg(db).utf8_to_string());
            using (statement)
            {
                for (var page = 0; page < Pages; page++)
                {
                    for (var i = 1; i <= raw.sqlite3_bind_parameter_count(statement); i++)
                    {
                        Assert.That(Bind(statement, i, page), Is.EqualTo(raw.SQLITE_OK));
                    }

                    while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
                    {
                    }

                    raw.sqlite3_reset(statement);
                }

                return raw.sqlite3_stmt_status(statement, StatementStatusReprepare, 0);
            }
        }
    }

    private static int Bind(sqlite3_stmt statement, int index, int page) => raw.sqlite3_bind_parameter_name(statement, index).utf8_to_string() switch
    {
        "@minPrice" or "@maxPrice" or "@take" => raw.sqlite3_bind_int64(statement, index, 100 + page),
        var name => raw.sqlite3_bind_text(statement, index, $"{name} {page}"),
    };
}
