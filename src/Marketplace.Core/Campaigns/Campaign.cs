using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Campaigns;

/// <summary>Where a campaign reaches people. Stored by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CampaignKind>))]
public enum CampaignKind
{
    /// <summary>电视节目</summary>
    TvProgramme,

    /// <summary>节日促销</summary>
    FestivalDrive,

    /// <summary>媒体渠道 (a newspaper, an account on a social platform)</summary>
    MediaChannel,

    Other,
}

/// <summary>
/// 活动: a promotion to which help-sell (帮助销售) is attributed. People arrive through its link (/c/{code}); a
/// personal order placed while the campaign runs carries its code, and the ledger keeps it on every entry.
/// The code never changes: it is in printed links and on past orders.
/// </summary>
public sealed partial class Campaign
{
    public const int NameMaxLength = 100;
    public const int MaxCookieDays = 90;

    private Campaign()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Letters, digits, '-' and '_', at most <see cref="Order.CampaignCodeMaxLength"/>; compared ignoring case, stored as given.</summary>
    public string Code { get; private set; } = "";

    /// <summary>Upper-case <see cref="Code"/>, unique.</summary>
    public string NormalizedCode { get; private set; } = "";

    public string Name { get; private set; } = "";

    public CampaignKind Kind { get; private set; }

    /// <summary>First and last China-time day on which orders are attributed (inclusive).</summary>
    public DateOnly StartsOn { get; private set; }

    public DateOnly EndsOn { get; private set; }

    /// <summary>How long a visitor's browser remembers the campaign after following its link.</summary>
    public int CookieDays { get; private set; }

    /// <summary>A curated listing the link lands on; none: the storefront.</summary>
    public Guid? LandingListingId { get; private set; }

    public Guid CreatedByUserId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    public static partial Regex CodePattern();

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    public static Campaign Create(string code, string name, CampaignKind kind, DateOnly startsOn, DateOnly endsOn, int cookieDays, Guid? landingListingId, Guid createdBy, DateTime now)
    {
        if (!CodePattern().IsMatch(code) || string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength || endsOn < startsOn
            || cookieDays is < 1 or > MaxCookieDays)
        {
            throw new ArgumentException("Not a valid campaign.");
        }

        return new Campaign
        {
            Id = Guid.CreateVersion7(now),
            Code = code,
            NormalizedCode = Normalize(code),
            Name = name.Trim(),
            Kind = kind,
            StartsOn = startsOn,
            EndsOn = endsOn,
            CookieDays = cookieDays,
            LandingListingId = landingListingId,
            CreatedByUserId = createdBy,
            CreatedAt = now,
        };
    }

    public bool IsActiveOn(DateOnly chinaDate) => StartsOn <= chinaDate && chinaDate <= EndsOn;

    /// <summary>Only people's own purchases are help-sell; a unit's order never carries a campaign (DOMAIN.md rule 4).</summary>
    public static bool CanCarry(OrderChannel channel, FundingSource funding) =>
        channel != OrderChannel.UnitCollective && funding == FundingSource.Personal;
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("campaigns");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Code).HasMaxLength(Order.CampaignCodeMaxLength);
        builder.Property(c => c.NormalizedCode).HasMaxLength(Order.CampaignCodeMaxLength);
        builder.HasIndex(c => c.NormalizedCode).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(Campaign.NameMaxLength);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
    }
}
