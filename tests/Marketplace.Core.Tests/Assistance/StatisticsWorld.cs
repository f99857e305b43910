using Marketplace.Contracts.Ordering;
using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Ordering;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>Order events and ledger entries at chosen moments, for the statistics tests.</summary>
internal sealed class StatisticsWorld(EmbeddedHost host)
{
    public AssistanceQueries Queries => host.Services.GetRequiredService<AssistanceQueries>();

    public static DateTime Utc(string text) => DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

    /// <summary>An OrderPaid for lines of (supplier, county, pieces, amount), put through the outbox to the ledger consumer.</summary>
    public static OrderPaid Paid(DateTime paidAt, Guid? unitId, params (Guid SupplierId, string County, int Quantity, long AmountFen)[] lines)
    {
        var orderId = Guid.CreateVersion7();
        return new OrderPaid(
            orderId, orderId.ToString("N")[..16], Guid.CreateVersion7(), unitId, nameof(OrderChannel.EmployeePersonal), nameof(FundingSource.Personal), null,
            lines.Sum(l => l.AmountFen), paidAt,
            [.. lines.Select(l => new PaidLine(
                Guid.CreateVersion7(), Guid.CreateVersion7(), l.SupplierId, Guid.CreateVersion7(), Guid.CreateVersion7(), l.County,
                nameof(ProductCategory.Meat), l.Quantity, l.AmountFen / Math.Max(l.Quantity, 1), l.AmountFen))]);
    }

    /// <summary>Writes entries and their totals in one transaction, as the ledger consumers do.</summary>
    public Task RecordAsync(params AssistanceEntry[] entries) => host.WithDbAsync(async db =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.AssistanceEntries.AddRange(entries);
        await AssistanceProjection.ApplyAsync(db, entries);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return 0;
    });

    public static AssistanceEntry Purchase(DateTime at, Guid? unitId, Guid supplierId, string county, long amountFen, int quantity = 1)
    {
        var seed = County(county);
        var line = new LedgerLine(Guid.CreateVersion7(), "T" + Guid.NewGuid().ToString("N")[..12], Guid.CreateVersion7(), supplierId, ProductCategory.Fruit, quantity, amountFen,
            Guid.CreateVersion7(), unitId, unitId is null ? OrderChannel.Public : OrderChannel.UnitCollective,
            unitId is null ? FundingSource.Personal : FundingSource.UnitProcurement, null);
        return AssistanceEntry.Purchase(line, seed, at);
    }

    public Task<List<AssistanceEntry>> EntriesAsync(Guid orderId) =>
        host.WithDbAsync(db => db.AssistanceEntries.AsNoTracking().Where(e => e.OrderId == orderId).ToListAsync());

    public async Task<List<AssistanceEntry>> EventuallyAsync(Guid orderId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var entries = await EntriesAsync(orderId);
            if (entries.Count >= count || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(50);
        }
    }

    public async Task<Dictionary<string, long>> TotalsAsync(int year, AssistanceDimension dimension) =>
        (await Queries.TotalsAsync(year, dimension)).ToDictionary(t => t.Value, t => t.AmountFen);

    private static County County(string code) => CountySeed.All.Single(c => c.Code == code);
}
