using System.Globalization;
using System.Text.Json.Serialization;

namespace Marketplace.Core.Payments;

/// <summary>
/// A calendar month in China time (UTC+8, no daylight saving), e.g. 2026-11: it begins at 00:00 on the 1st in China,
/// which is 16:00 UTC on the last day of the month before.
/// </summary>
public readonly record struct StatementMonth(int Year, int Month)
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>"2026-11" (exactly four digits, a dash, two digits), years 2000–9998; null for anything else.</summary>
    public static StatementMonth? Parse(string? text) =>
        text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 9998
            ? new StatementMonth(day.Year, day.Month)
            : null;

    public static StatementMonth Of(DateOnly chinaDate) => new(chinaDate.Year, chinaDate.Month);

    /// <summary>The last month that has ended (in China) on <paramref name="chinaToday"/>.</summary>
    public static StatementMonth LastFullBefore(DateOnly chinaToday) => Of(chinaToday.AddMonths(-1));

    [JsonIgnore]
    public DateOnly FirstDay => new(Year, Month, 1);

    [JsonIgnore]
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    /// <summary>The UTC moment the month begins in China.</summary>
    [JsonIgnore]
    public DateTime StartUtc => DateTime.SpecifyKind(FirstDay.ToDateTime(TimeOnly.MinValue) - ChinaOffset, DateTimeKind.Utc);

    /// <summary>The UTC moment the next month begins in China (exclusive end).</summary>
    [JsonIgnore]
    public DateTime EndUtc => Next.StartUtc;

    [JsonIgnore]
    public StatementMonth Previous => Of(FirstDay.AddMonths(-1));

    [JsonIgnore]
    public StatementMonth Next => Of(FirstDay.AddMonths(1));

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
