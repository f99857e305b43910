namespace Marketplace.Core.Suppliers;

/// <summary>Dates as China sees them (Asia/Shanghai, UTC+8 all year, no daylight saving).</summary>
public static class ChinaCalendar
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc) + Offset);

    /// <summary>A moment as a clock in China shows it, e.g. 2021-12-31 07:30.</summary>
    public static string TimeOf(DateTime utc) =>
        (DateTime.SpecifyKind(utc, DateTimeKind.Utc) + Offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow().UtcDateTime);
}
