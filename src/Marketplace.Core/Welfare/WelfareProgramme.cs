using System.Text.Json.Serialization;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Welfare;

[JsonConverter(typeof(JsonStringEnumConverter<WelfareProgrammeStatus>))]
public enum WelfareProgrammeStatus
{
    /// <summary>Granted or grantable; spendable within its dates.</summary>
    Active,

    /// <summary>Past its last day: the sweep has set every balance to zero (or will at its next pass).</summary>
    Expired,
}

/// <summary>
/// A welfare programme (福利项目) of a member unit, e.g. 2021年中秋职工福利: the same allowance (福利额度) for each
/// employee it is granted to, spendable on eligible assistance products from <see cref="ValidFrom"/> to
/// <see cref="ValidUntil"/> inclusive, as China's calendar counts days.
/// </summary>
public sealed class WelfareProgramme
{
    public const int NameMaxLength = 60;

    /// <summary>¥100,000 per employee: far above any welfare budget, low enough to catch a slip of the decimal point.</summary>
    public const long MaxAmountPerEmployeeFen = 10_000_000;

    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private WelfareProgramme()
    {
    }

    public Guid Id { get; private set; }

    public Guid UnitId { get; private set; }

    public string Name { get; private set; } = "";

    public long AmountPerEmployeeFen { get; private set; }

    /// <summary>The first China day it may be spent.</summary>
    public DateOnly ValidFrom { get; private set; }

    /// <summary>The last China day it may be spent.</summary>
    public DateOnly ValidUntil { get; private set; }

    /// <summary>UTC start of <see cref="ValidFrom"/> in China.</summary>
    public DateTime StartsAt { get; private set; }

    /// <summary>UTC end of <see cref="ValidUntil"/> in China: from this moment nothing can be spent.</summary>
    public DateTime ExpiresAt { get; private set; }

    public string EligibleCountyCodes { get; private set; } = "";

    public string EligibleRegions { get; private set; } = "";

    public string EligibleCategories { get; private set; } = "";

    public WelfareProgrammeStatus Status { get; private set; }

    public Guid CreatedByUserId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public WelfareEligibility Eligibility => new(
        WelfareEligibility.Split(EligibleCountyCodes),
        [.. WelfareEligibility.Split(EligibleRegions).Select(Enum.Parse<AssistedRegion>)],
        [.. WelfareEligibility.Split(EligibleCategories).Select(Enum.Parse<ProductCategory>)]);

    public bool IsSpendableAt(DateTime now) => StartsAt <= now && now < ExpiresAt;

    public static WelfareProgramme Create(
        Organization unit, string name, long amountPerEmployeeFen, DateOnly validFrom, DateOnly validUntil, WelfareEligibility eligibility,
        Guid createdBy, DateTime now)
    {
        if (unit.Kind != OrganizationKind.MemberUnit)
        {
            throw new WelfareRuleException($"Welfare programmes belong to member units; '{unit.Name}' is a {unit.Kind}.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
        {
            throw new WelfareRuleException($"A programme needs a name of at most {NameMaxLength} characters.");
        }

        if (amountPerEmployeeFen is <= 0 or > MaxAmountPerEmployeeFen)
        {
            throw new WelfareRuleException($"The amount per employee must be between 1 and {MaxAmountPerEmployeeFen} fen.");
        }

        if (validUntil < validFrom)
        {
            throw new WelfareRuleException("The last valid day is before the first.");
        }

        if (ExpiresAtOf(validUntil) <= now)
        {
            throw new WelfareRuleException("The validity period is already over.");
        }

        if (eligibility.CountyCodes.Count > WelfareEligibility.MaxItems || eligibility.Regions.Count > WelfareEligibility.MaxItems
            || eligibility.Categories.Count > WelfareEligibility.MaxItems)
        {
            throw new WelfareRuleException($"At most {WelfareEligibility.MaxItems} counties, regions and categories each.");
        }

        if (eligibility.CountyCodes.Any(c => !County.IsWellFormedCode(c)))
        {
            throw new WelfareRuleException("A county code is not a 6-digit administrative code.");
        }

        return new WelfareProgramme
        {
            Id = Guid.CreateVersion7(now),
            UnitId = unit.Id,
            Name = name.Trim(),
            AmountPerEmployeeFen = amountPerEmployeeFen,
            ValidFrom = validFrom,
            ValidUntil = validUntil,
            StartsAt = StartOf(validFrom),
            ExpiresAt = ExpiresAtOf(validUntil),
            EligibleCountyCodes = WelfareEligibility.Join(eligibility.CountyCodes),
            EligibleRegions = WelfareEligibility.Join(eligibility.Regions),
            EligibleCategories = WelfareEligibility.Join(eligibility.Categories),
            Status = WelfareProgrammeStatus.Active,
            CreatedByUserId = createdBy,
            CreatedAt = now,
        };
    }

    /// <summary>Grants its allowance to an employee of its unit; refused once it has expired.</summary>
    public WelfareWallet GrantTo(Guid userId, DateTime now)
    {
        if (Status == WelfareProgrammeStatus.Expired || now >= ExpiresAt)
        {
            throw new WelfareRuleException($"The programme '{Name}' has expired; it can no longer be granted.");
        }

        return new WelfareWallet(this, userId, now);
    }

    public static DateTime StartOf(DateOnly chinaDay) => DateTime.SpecifyKind(chinaDay.ToDateTime(TimeOnly.MinValue) - ChinaOffset, DateTimeKind.Utc);

    public static DateTime ExpiresAtOf(DateOnly lastChinaDay) => StartOf(lastChinaDay.AddDays(1));
}

internal sealed class WelfareProgrammeConfiguration : IEntityTypeConfiguration<WelfareProgramme>
{
    public void Configure(EntityTypeBuilder<WelfareProgramme> builder)
    {
        builder.ToTable("welfare_programmes", t => t.HasCheckConstraint("ck_welfare_programmes_amount_positive", "amount_per_employee_fen > 0"));
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(WelfareProgramme.NameMaxLength);
        builder.Property(p => p.EligibleCountyCodes).HasMaxLength(200);
        builder.Property(p => p.EligibleRegions).HasMaxLength(200);
        builder.Property(p => p.EligibleCategories).HasMaxLength(400);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(p => p.Eligibility);
        builder.HasIndex(p => new { p.UnitId, p.CreatedAt });
        builder.HasIndex(p => new { p.Status, p.ExpiresAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
