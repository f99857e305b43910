using System.Text.Json.Serialization;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Suppliers;

/// <summary>How a supplier is bound to the households it benefits (利益联结机制). Stored by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BenefitMechanism>))]
public enum BenefitMechanism
{
    /// <summary>合作社+农户</summary>
    CooperativeAndHouseholds,

    /// <summary>龙头企业+合作社+农户</summary>
    LeadingEnterprise,

    /// <summary>务工工资</summary>
    Wages,

    /// <summary>入股分红</summary>
    Dividends,

    /// <summary>订单收购 / 保底收购</summary>
    PurchaseAgreement,

    /// <summary>土地流转租金</summary>
    LandRent,

    Other,
}

/// <summary>
/// One declaration of a supplier's benefit linkage (利益联结): the households and people bound to it. Each declaration
/// is a new row with its effective date; the latest one applies, and the history stays. Statistics count each
/// supplier once, by its declaration in force.
/// </summary>
public sealed class BenefitLinkage
{
    public const int DescriptionMaxLength = 1000;

    private BenefitLinkage()
    {
    }

    public Guid Id { get; private set; }

    public Guid SupplierId { get; private set; }

    public BenefitMechanism Mechanism { get; private set; }

    /// <summary>Free text: how the mechanism works here, e.g. 党总支+合作社+农户, 保底价收购.</summary>
    public string Description { get; private set; } = "";

    public int Households { get; private set; }

    public int People { get; private set; }

    /// <summary>Of <see cref="People"/>, those of 脱贫户 (poverty-alleviated households).</summary>
    public int PovertyAlleviatedPeople { get; private set; }

    /// <summary>Of <see cref="People"/>, disabled people (残疾人).</summary>
    public int DisabledPeople { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    public DateTime DeclaredAt { get; private set; }

    public Guid DeclaredByUserId { get; private set; }

    public static BenefitLinkage Declare(
        Guid supplierId, BenefitMechanism mechanism, string? description, int households, int people, int povertyAlleviatedPeople,
        int disabledPeople, DateOnly effectiveFrom, Guid declaredBy, DateTime now)
    {
        if (households < 0 || people < 0 || povertyAlleviatedPeople < 0 || disabledPeople < 0)
        {
            throw new OrganizationRuleException("The numbers of a benefit linkage cannot be negative.");
        }

        if (people < households || povertyAlleviatedPeople > people || disabledPeople > people)
        {
            throw new OrganizationRuleException("Every household has at least one person, and 脱贫户 and disabled people are counted among the people.");
        }

        var text = (description ?? "").Trim();
        if (text.Length > DescriptionMaxLength)
        {
            throw new OrganizationRuleException($"The description is limited to {DescriptionMaxLength} characters.");
        }

        return new BenefitLinkage
        {
            Id = Guid.CreateVersion7(now),
            SupplierId = supplierId,
            Mechanism = mechanism,
            Description = text,
            Households = households,
            People = people,
            PovertyAlleviatedPeople = povertyAlleviatedPeople,
            DisabledPeople = disabledPeople,
            EffectiveFrom = effectiveFrom,
            DeclaredAt = now,
            DeclaredByUserId = declaredBy,
        };
    }
}

internal sealed class BenefitLinkageConfiguration : IEntityTypeConfiguration<BenefitLinkage>
{
    public void Configure(EntityTypeBuilder<BenefitLinkage> builder)
    {
        builder.ToTable("benefit_linkages");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Mechanism).HasConversion<string>().HasMaxLength(32);
        builder.Property(b => b.Description).HasMaxLength(BenefitLinkage.DescriptionMaxLength);
        builder.HasIndex(b => new { b.SupplierId, b.EffectiveFrom, b.DeclaredAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(b => b.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}
