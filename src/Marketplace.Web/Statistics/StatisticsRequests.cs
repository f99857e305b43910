using System.Globalization;
using FluentValidation;
using Marketplace.Core.Assistance;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Statistics;

/// <summary>
/// The year (China time; none: this year) and the scope (<c>unitId</c>; none: the group for operators, the user's
/// own unit for the others). Kept as text so that a bad value gets a clear message rather than a binding error.
/// </summary>
public record StatisticsQuery(string? Year = null, string? UnitId = null)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public int YearOr(TimeProvider clock) =>
        string.IsNullOrWhiteSpace(Year) ? ChinaCalendar.DateOf(clock.GetUtcNow().UtcDateTime).Year : int.Parse(Year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    public Guid? Unit => string.IsNullOrWhiteSpace(UnitId) ? null : Guid.Parse(UnitId.Trim(), CultureInfo.InvariantCulture);

    internal static bool ValidYear(string? year) => string.IsNullOrWhiteSpace(year)
        || (int.TryParse(year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= MinYear and <= MaxYear);

    internal static bool ValidGuid(string? id) => string.IsNullOrWhiteSpace(id) || Guid.TryParse(id.Trim(), CultureInfo.InvariantCulture, out _);

    /// <summary>"county", "County" or "assistance-type" → the dimension; null when it is none.</summary>
    public static AssistanceDimension? DimensionOf(string? text)
    {
        var name = text?.Trim().Replace("-", "", StringComparison.Ordinal);
        return Enum.GetNames<AssistanceDimension>().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } found
            ? Enum.Parse<AssistanceDimension>(found)
            : null;
    }
}

/// <summary>The entries behind a figure value: <c>dimension</c> and <c>value</c> together, or neither (the whole year).</summary>
public sealed record EntriesQuery(string? Year = null, string? UnitId = null, string? Dimension = null, string? Value = null, string? Page = null, string? PageSize = null)
    : StatisticsQuery(Year, UnitId)
{
    public const int DefaultPageSize = 50;

    public LedgerFilter Filter(int year, StatisticsScope scope) =>
        DimensionOf(Dimension) is { } dimension ? new LedgerFilter(year, scope, dimension, Value!.Trim()) : new LedgerFilter(year, scope);

    public int PageNumber => string.IsNullOrWhiteSpace(Page) ? 1 : int.Parse(Page.Trim(), CultureInfo.InvariantCulture);

    public int Size => string.IsNullOrWhiteSpace(PageSize) ? DefaultPageSize : int.Parse(PageSize.Trim(), CultureInfo.InvariantCulture);
}

/// <summary>One sheet of the export as CSV: a figure's name (see <see cref="StatisticsSheets.Names"/>) or "Entries" with an optional filter.</summary>
public sealed record CsvQuery(string? Year = null, string? UnitId = null, string? Sheet = null, string? Dimension = null, string? Value = null)
    : StatisticsQuery(Year, UnitId);

internal sealed class StatisticsQueryValidator : AbstractValidator<StatisticsQuery>
{
    public StatisticsQueryValidator(IStringLocalizer<SharedResource> l) => Rules(this, l);

    internal static void Rules<T>(AbstractValidator<T> validator, IStringLocalizer<SharedResource> l)
        where T : StatisticsQuery
    {
        validator.RuleFor(q => q.Year).Must(StatisticsQuery.ValidYear)
            .WithMessage(_ => l["Statistics.YearInvalid", StatisticsQuery.MinYear, StatisticsQuery.MaxYear]);
        validator.RuleFor(q => q.UnitId).Must(StatisticsQuery.ValidGuid).WithMessage(_ => l["Statistics.UnitInvalid"]);
    }

    internal static void FilterRules<T>(AbstractValidator<T> validator, IStringLocalizer<SharedResource> l, Func<T, string?> dimension, Func<T, string?> value)
        where T : StatisticsQuery
    {
        validator.RuleFor(q => dimension(q)).Must(d => StatisticsQuery.DimensionOf(d) is not null)
            .When(q => !string.IsNullOrWhiteSpace(dimension(q)))
            .OverridePropertyName("Dimension")
            .WithMessage(_ => l["Statistics.DimensionInvalid", string.Join(", ", Enum.GetNames<AssistanceDimension>())]);
        validator.RuleFor(q => value(q))
            .Must((q, v) => StatisticsQuery.DimensionOf(dimension(q)) is not { } d || AssistanceStatistics.IsValidValue(d, v?.Trim()))
            .When(q => !string.IsNullOrWhiteSpace(dimension(q)))
            .OverridePropertyName("Value")
            .WithMessage(_ => l["Statistics.ValueInvalid"]);
        validator.RuleFor(q => dimension(q)).NotEmpty()
            .When(q => !string.IsNullOrWhiteSpace(value(q)))
            .OverridePropertyName("Dimension")
            .WithMessage(_ => l["Statistics.ValueWithoutDimension"]);
    }
}

internal sealed class EntriesQueryValidator : AbstractValidator<EntriesQuery>
{
    public EntriesQueryValidator(IStringLocalizer<SharedResource> l)
    {
        StatisticsQueryValidator.Rules(this, l);
        StatisticsQueryValidator.FilterRules(this, l, q => q.Dimension, q => q.Value);
        RuleFor(q => q.Page).Must(p => string.IsNullOrWhiteSpace(p) || (int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1_000_000))
            .WithMessage(_ => l["Statistics.PageInvalid"]);
        RuleFor(q => q.PageSize).Must(p => string.IsNullOrWhiteSpace(p) || (int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= AssistanceStatistics.MaxPageSize))
            .WithMessage(_ => l["Statistics.PageSizeInvalid", AssistanceStatistics.MaxPageSize]);
    }
}

internal sealed class CsvQueryValidator : AbstractValidator<CsvQuery>
{
    public CsvQueryValidator(IStringLocalizer<SharedResource> l)
    {
        StatisticsQueryValidator.Rules(this, l);
        StatisticsQueryValidator.FilterRules(this, l, q => q.Dimension, q => q.Value);
        RuleFor(q => q.Sheet).Must(s => string.IsNullOrWhiteSpace(s) || StatisticsSheets.Names.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase))
            .WithMessage(_ => l["Statistics.SheetInvalid", string.Join(", ", StatisticsSheets.Names)]);
    }
}
