using System.Text.Json;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Payments;

/// <summary>
/// The monthly statement's SQL on PostgreSQL and on SQLite: the same orders, payments and refunds, dated either side
/// of a China-time month boundary, give the same statements, exact to the fen.
/// </summary>
public sealed class UnitStatementsPostgresTests
{
    private static readonly DateTime OctoberLate = Utc(2026, 10, 31, 15, 30);   // 2026-10-31 23:30 in China
    private static readonly DateTime NovemberEarly = Utc(2026, 10, 31, 16, 10); // 2026-11-01 00:10 in China

    private PostgresDatabase _database = null!;
    private string _sqliteFile = null!;

    [OneTimeSetUp]
    public async Task CreateDatabases()
    {
        _database = await PostgresDatabase.CreateAsync();
        _sqliteFile = Path.Combine(Path.GetTempPath(), $"statements-{Guid.NewGuid():N}.db");
    }

    [OneTimeTearDown]
    public async Task DropDatabases()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_sqliteFile);
    }

    [Test]
    public async Task Both_providers_state_the_same_months_to_the_fen()
    {
        var sqlite = $"Data Source={_sqliteFile}";
        var unitOnPostgres = await SeedAsync(DatabaseProvider.PostgreSql, _database.ConnectionString);
        var unitOnSqlite = await SeedAsync(DatabaseProvider.Sqlite, sqlite);
        await using var postgres = new ReadConnections(DatabaseProvider.PostgreSql, _database.ConnectionString);
        await using var embedded = new ReadConnections(DatabaseProvider.Sqlite, sqlite);

        foreach (var month in new[] { new StatementMonth(2026, 10), new StatementMonth(2026, 11), new StatementMonth(2026, 12) })
        {
            var onPostgres = (await new UnitStatements(postgres).BuildAsync(unitOnPostgres, month, default))!;
            var onSqlite = (await new UnitStatements(embedded).BuildAsync(unitOnSqlite, month, default))!;
            Assert.That(Shape(onPostgres), Is.EqualTo(Shape(onSqlite)), month.ToString());
        }

        var october = (await new UnitStatements(postgres).BuildAsync(unitOnPostgres, new StatementMonth(2026, 10), default))!;
        var november = (await new UnitStatements(postgres).BuildAsync(unitOnPostgres, new StatementMonth(2026, 11), default))!;
        Assert.Multiple(() =>
        {
            Assert.That((october.OpeningFen, october.ChargedFen, october.PaidFen, october.ClosingFen), Is.EqualTo((0L, 24_690L, 0L, 24_690L)));
            Assert.That(
                (november.OpeningFen, november.ChargedFen, november.CreditedFen, november.PaidFen, november.RefundedFen, november.ClosingFen, november.RefundsOutstandingFen),
                Is.EqualTo((24_690L, 32_776L, 17_776L, 42_466L, 9_999L, 7_223L, 7_777L)));
            Assert.That(november.Methods, Is.EqualTo(new[]
            {
                new StatementMethod(PaymentMethod.TestPayment, 9_999, 9_999), new StatementMethod(PaymentMethod.CorporateTransfer, 32_467, 0),
            }));
            Assert.That(november.Orders.Select(o => o.ClosingFen), Is.EquivalentTo(new[] { 0L, 15_000L, -7_777L, 0L }));
        });
    }

    /// <summary>The statement without the ids, names and random order numbers that differ between the two databases.</summary>
    private static string Shape(UnitStatement s) => JsonSerializer.Serialize(new
    {
        s.Month, s.OpeningFen, s.ChargedFen, s.CreditedFen, s.PaidFen, s.RefundedFen, s.ClosingFen, s.RefundsOutstandingFen, s.Methods,
        Orders = s.Orders.OrderBy(o => o.TotalFen).Select(o => new { o.TotalFen, o.Status, o.PlacedAt, o.OpeningFen, o.ChargedFen, o.CreditedFen, o.PaidFen, o.RefundedFen, o.ClosingFen }),
    });

    /// <summary>
    /// A unit's orders: A placed at 23:30 on 31 October (China) and paid by transfer after midnight; B unpaid; C paid by
    /// transfer and cancelled (its refund due by finance); D paid on the test page, cancelled and paid back.
    /// </summary>
    private static async Task<Guid> SeedAsync(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DataRegistration.UseProvider(options, provider, connectionString);
        await using var db = new MarketplaceDbContext(options.Options);
        await db.Database.MigrateAsync();
        var group = Organization.CreateGroup("中国兵器装备集团", "CSGC", OctoberLate);
        var unit = Organization.CreateMemberUnit("长安汽车", null, group, OctoberLate);
        var supplier = Organization.CreateSupplier("砚山县合作社", null, OctoberLate);
        db.Organizations.AddRange(group, unit, supplier);
        await db.SaveChangesAsync();

        var refunds = new PaymentRefunds(db, TimeProvider.System);
        var a = Placed(unit.Id, supplier.Id, 12_345, 2, OctoberLate);
        var b = Placed(unit.Id, supplier.Id, 5_000, 3, NovemberEarly);
        var c = Placed(unit.Id, supplier.Id, 7_777, 1, NovemberEarly);
        var d = Placed(unit.Id, supplier.Id, 3_333, 3, NovemberEarly);
        db.Orders.AddRange(a, b, c, d);
        var paidC = Pay(db, c, PaymentMethod.CorporateTransfer, NovemberEarly);
        var paidD = Pay(db, d, PaymentMethod.TestPayment, NovemberEarly);
        Pay(db, a, PaymentMethod.CorporateTransfer, NovemberEarly);
        c.Cancel("不需要了", NovemberEarly.AddMinutes(1));
        refunds.Plan(paidC, c.TotalFen, RefundCauses.OrderCancelled, NovemberEarly.AddMinutes(1));
        d.Cancel("不需要了", NovemberEarly.AddMinutes(2));
        refunds.Plan(paidD, d.TotalFen, RefundCauses.OrderCancelled, NovemberEarly.AddMinutes(2)).Complete("re_local", NovemberEarly.AddMinutes(3));
        await db.SaveChangesAsync();
        return unit.Id;
    }

    private static Order Placed(Guid unitId, Guid supplierId, long priceFen, int quantity, DateTime at)
    {
        var order = Order.Submit(
            new OrderRequest(
                Guid.CreateVersion7(), unitId, OrderChannel.UnitCollective, FundingSource.UnitProcurement,
                new DeliveryAddress("李梅", "13800000000", "重庆市江北区", "建新东路 1 号", "400020"), null, null, null, null, Guid.NewGuid().ToString("N"),
                [new RequestedLine(Guid.CreateVersion7(), quantity)]),
            "hash", at, OrderNumbers.Shared);
        order.Place([new PricedLine(order.Lines[0].Id, supplierId, Guid.CreateVersion7(), "532622", Core.Catalog.ProductCategory.Meat, "文山牛肉干", "250g", priceFen)], false, at.AddDays(30), at);
        return order;
    }

    private static Payment Pay(MarketplaceDbContext db, Order order, PaymentMethod method, DateTime at)
    {
        var payment = Payment.Start(order.Id, order.BuyerUserId, method, order.TotalFen, at);
        payment.Reference($"{method}-{order.Id:N}");
        payment.Succeed(null, at);
        order.MarkPaid(order.TotalFen, at);
        db.Payments.Add(payment);
        return payment;
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}
