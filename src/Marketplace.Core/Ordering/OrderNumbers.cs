using Marketplace.Core.Suppliers;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Draws order numbers: the China date and eight random digits (订单号 20260315 04718263). A service of its own so that
/// the unique number's collision handling can be tested; <see cref="Shared"/> is thread-safe.
/// </summary>
public sealed class OrderNumbers(Random random)
{
    public static readonly OrderNumbers Shared = new(Random.Shared);

    public string Next(DateTime now) => $"{ChinaCalendar.DateOf(now):yyyyMMdd}{random.Next(0, 100_000_000):D8}";
}
