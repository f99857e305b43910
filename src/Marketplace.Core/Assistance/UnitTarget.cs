using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Assistance;

/// <summary>How a unit's yearly target amount is fixed (DOMAIN.md rule 7). Stored by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TargetBasis>))]
public enum TargetBasis
{
    /// <summary>A set amount, e.g. ¥500,000 for the year.</summary>
    FixedAmount,

    /// <summary>A share of a base, e.g. at least 10% of the canteen's food spending.</summary>
    ShareOfBase,
}

/// <summary>
/// What a target asks and what counts toward it: the amount (fixed, or a share of a base in basis points) and the
/// ledger channels and measures whose entries count. Local rules differ (some count only the group's own money,
/// some count employees' purchases too), so this is data, not a constant.
/// </summary>
public sealed record TargetRule(
    TargetBasis Basis, long? AmountFen, long? BaseFen, int? ShareBasisPoints,
    IReadOnlyList<LedgerChannel> Channels, IReadOnlyList<AssistanceMeasure> Measures)
{
    /// <summary>10,000 basis points are 100%.</summary>
    public const int MaxBasisPoints = 10_000;

    public const long MaxFen = 100_000_000_000_00;

    /// <summary>The amount asked for the year; a share is rounded up to the fen, so meeting it never falls short.</summary>
    public long TargetFen => Basis == TargetBasis.FixedAmount
        ? AmountFen!.Value
        : (long)Math.Ceiling(BaseFen!.Value * (decimal)ShareBasisPoints!.Value / MaxBasisPoints);

    public bool Counts(LedgerChannel channel, AssistanceMeasure measure) => Channels.Contains(channel) && Measures.Contains(measure);

    /// <summary>Why the rule cannot be used, or null when it can.</summary>
    public string? Problem()
    {
        if (Channels.Count == 0 || Measures.Count == 0)
        {
            return "A target counts at least one channel and one measure.";
        }

        return Basis switch
        {
            TargetBasis.FixedAmount when AmountFen is not (> 0 and <= MaxFen) => "A fixed target is a positive amount.",
            TargetBasis.ShareOfBase when BaseFen is not (> 0 and <= MaxFen) => "A share needs a positive base.",
            TargetBasis.ShareOfBase when ShareBasisPoints is not (> 0 and <= MaxBasisPoints) => "A share is above 0% and at most 100%.",
            _ => null,
        };
    }
}

/// <summary>
/// 年度帮扶采购目标: one unit's target for one China-time year. Set by an operator or an admin of the unit's parent;
/// changing it keeps one row and bumps <see cref="Revision"/>, and every change is in the audit log.
/// </summary>
public sealed class UnitTarget
{
    private UnitTarget()
    {
    }

    public Guid Id { get; private set; }

    public Guid UnitId { get; private set; }

    public int Year { get; private set; }

    public TargetBasis Basis { get; private set; }

    /// <summary>The amount asked, worked out from the rule when it was set.</summary>
    public long TargetFen { get; private set; }

    public long? AmountFen { get; private set; }

    public long? BaseFen { get; private set; }

    public int? ShareBasisPoints { get; private set; }

    /// <summary>Channel names, comma-separated (LedgerChannel).</summary>
    public string CountedChannels { get; private set; } = "";

    /// <summary>Measure names, comma-separated (AssistanceMeasure).</summary>
    public string CountedMeasures { get; private set; } = "";

    public Guid SetByUserId { get; private set; }

    public DateTime SetAt { get; private set; }

    public int Revision { get; private set; }

    public TargetRule Rule => new(Basis, AmountFen, BaseFen, ShareBasisPoints, Names<LedgerChannel>(CountedChannels), Names<AssistanceMeasure>(CountedMeasures));

    /// <summary>The members named in a stored comma-separated list.</summary>
    public static IReadOnlyList<T> Names<T>(string stored)
        where T : struct, Enum =>
        [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<T>)];

    public static UnitTarget Create(Guid unitId, int year, TargetRule rule, Guid setBy, DateTime now)
    {
        var target = new UnitTarget { Id = Guid.CreateVersion7(now), UnitId = unitId, Year = year };
        target.Change(rule, setBy, now);
        target.Revision = 1;
        return target;
    }

    public void Change(TargetRule rule, Guid setBy, DateTime now)
    {
        if (rule.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(rule));
        }

        Basis = rule.Basis;
        AmountFen = rule.Basis == TargetBasis.FixedAmount ? rule.AmountFen : null;
        BaseFen = rule.Basis == TargetBasis.ShareOfBase ? rule.BaseFen : null;
        ShareBasisPoints = rule.Basis == TargetBasis.ShareOfBase ? rule.ShareBasisPoints : null;
        TargetFen = rule.TargetFen;
        CountedChannels = string.Join(',', rule.Channels.Distinct().Order());
        CountedMeasures = string.Join(',', rule.Measures.Distinct().Order());
        SetByUserId = setBy;
        SetAt = now;
        Revision++;
    }
}

internal sealed class UnitTargetConfiguration : IEntityTypeConfiguration<UnitTarget>
{
    public void Configure(EntityTypeBuilder<UnitTarget> builder)
    {
        builder.ToTable("unit_targets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Basis).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.CountedChannels).HasMaxLength(80);
        builder.Property(t => t.CountedMeasures).HasMaxLength(40);
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.HasIndex(t => new { t.UnitId, t.Year }).IsUnique();
        builder.HasIndex(t => t.Year);
    }
}
