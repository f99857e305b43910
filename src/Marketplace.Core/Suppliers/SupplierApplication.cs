using System.Text.Json.Serialization;
using Marketplace.Core.Accounts;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Suppliers;

/// <summary>The kinds of supplier (供应商) that may apply.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SupplierType>))]
public enum SupplierType
{
    /// <summary>合作社</summary>
    Cooperative,

    /// <summary>家庭农场</summary>
    FamilyFarm,

    /// <summary>企业</summary>
    Enterprise,

    /// <summary>县域商贸公司</summary>
    CountyTradeCompany,
}

/// <summary>
/// Where a supplier stands in certification: Applied → Active or Rejected; Active ↔ Suspended. Expired is never
/// stored: an Active certification past its validity reads as Expired (<see cref="SupplierApplication.StatusOn"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CertificationStatus>))]
public enum CertificationStatus
{
    Applied,
    Active,
    Suspended,
    Rejected,
    Expired,
}

/// <summary>
/// A supplier's application: the organization details the operator reviews before certifying. One per supplier
/// organization; a credit code applies once.
/// </summary>
public sealed class SupplierApplication
{
    public const int ContactMaxLength = 100;
    public const int PhoneMaxLength = 32;
    public const int EmailMaxLength = 256;
    public const int ReasonMaxLength = 500;

    private SupplierApplication()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public SupplierType Type { get; private set; }

    /// <summary>The 6-digit administrative code of the county it is registered in.</summary>
    public string CountyCode { get; private set; } = "";

    /// <summary>统一社会信用代码, 18 characters (GB 32100-2015).</summary>
    public string UnifiedSocialCreditCode { get; private set; } = "";

    public string ContactPerson { get; private set; } = "";

    public string Phone { get; private set; } = "";

    public string Email { get; private set; } = "";

    public Guid ApplicantUserId { get; private set; }

    public CertificationStatus Status { get; private set; }

    public DateTime AppliedAt { get; private set; }

    /// <summary>The first day of the certification (China date), set on approval.</summary>
    public DateOnly? ValidFrom { get; private set; }

    /// <summary>The last day of the certification (China date, inclusive), set on approval.</summary>
    public DateOnly? ValidTo { get; private set; }

    /// <summary>Why it was rejected or suspended; cleared on approval and reinstatement.</summary>
    public string? DecisionReason { get; private set; }

    public DateTime? ReviewedAt { get; private set; }

    public Guid? ReviewedByUserId { get; private set; }

    /// <summary>A trusted supplier's listings skip the operator's review queue (set by operators).</summary>
    public bool AutoApproveListings { get; private set; }

    public void SetAutoApproveListings(bool autoApprove) => AutoApproveListings = autoApprove;

    /// <summary>The status as of <paramref name="date"/>: Active past <see cref="ValidTo"/> (or before <see cref="ValidFrom"/>) reads Expired.</summary>
    public CertificationStatus StatusOn(DateOnly date) =>
        Status == CertificationStatus.Active && !WithinValidity(date) ? CertificationStatus.Expired : Status;

    /// <summary>Certified on <paramref name="date"/>: Active and the date within the validity.</summary>
    public bool IsCertifiedOn(DateOnly date) => Status == CertificationStatus.Active && WithinValidity(date);

    public void Approve(DateOnly validFrom, DateOnly validTo, Guid reviewer, DateTime now)
    {
        if (Status != CertificationStatus.Applied)
        {
            throw new CertificationRuleException($"Only an application in status Applied can be approved; this one is {Status}.");
        }

        if (validTo < validFrom)
        {
            throw new CertificationRuleException("The certification cannot end before it starts.");
        }

        Decide(CertificationStatus.Active, null, reviewer, now);
        ValidFrom = validFrom;
        ValidTo = validTo;
    }

    public void Reject(string reason, Guid reviewer, DateTime now)
    {
        if (Status != CertificationStatus.Applied)
        {
            throw new CertificationRuleException($"Only an application in status Applied can be rejected; this one is {Status}.");
        }

        Decide(CertificationStatus.Rejected, ValidReason(reason), reviewer, now);
    }

    public void Suspend(string reason, Guid reviewer, DateTime now)
    {
        if (Status != CertificationStatus.Active)
        {
            throw new CertificationRuleException($"Only an active supplier can be suspended; this one is {Status}.");
        }

        Decide(CertificationStatus.Suspended, ValidReason(reason), reviewer, now);
    }

    public void Reinstate(Guid reviewer, DateTime now)
    {
        if (Status != CertificationStatus.Suspended)
        {
            throw new CertificationRuleException($"Only a suspended supplier can be reinstated; this one is {Status}.");
        }

        Decide(CertificationStatus.Active, null, reviewer, now);
    }

    private bool WithinValidity(DateOnly date) => ValidFrom is { } from && ValidTo is { } to && from <= date && date <= to;

    private void Decide(CertificationStatus status, string? reason, Guid reviewer, DateTime now)
    {
        Status = status;
        DecisionReason = reason;
        ReviewedAt = now;
        ReviewedByUserId = reviewer;
    }

    private static string ValidReason(string reason)
    {
        var trimmed = reason.Trim();
        return trimmed.Length is 0 or > ReasonMaxLength
            ? throw new CertificationRuleException($"A reason must have 1 to {ReasonMaxLength} characters.")
            : trimmed;
    }

    public static SupplierApplication Create(
        Organization supplier, SupplierType type, string countyCode, string creditCode, string contactPerson, string phone, string email, Guid applicant, DateTime now)
    {
        if (supplier.Kind != OrganizationKind.Supplier)
        {
            throw new OrganizationRuleException($"'{supplier.Name}' is not a supplier.");
        }

        if (!UnifiedSocialCreditCodes.IsValid(creditCode))
        {
            throw new OrganizationRuleException($"'{creditCode}' is not a valid unified social credit code.");
        }

        return new SupplierApplication
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = supplier.Id,
            Type = type,
            CountyCode = countyCode.Trim(),
            UnifiedSocialCreditCode = creditCode.Trim().ToUpperInvariant(),
            ContactPerson = contactPerson.Trim(),
            Phone = phone.Trim(),
            Email = email.Trim(),
            ApplicantUserId = applicant,
            Status = CertificationStatus.Applied,
            AppliedAt = now,
        };
    }
}

internal sealed class SupplierApplicationConfiguration : IEntityTypeConfiguration<SupplierApplication>
{
    public void Configure(EntityTypeBuilder<SupplierApplication> builder)
    {
        builder.ToTable("supplier_applications");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.CountyCode).HasMaxLength(6).IsFixedLength();
        builder.Property(a => a.UnifiedSocialCreditCode).HasMaxLength(18).IsFixedLength();
        builder.Property(a => a.ContactPerson).HasMaxLength(SupplierApplication.ContactMaxLength);
        builder.Property(a => a.Phone).HasMaxLength(SupplierApplication.PhoneMaxLength);
        builder.Property(a => a.Email).HasMaxLength(SupplierApplication.EmailMaxLength);
        builder.Property(a => a.DecisionReason).HasMaxLength(SupplierApplication.ReasonMaxLength);
        builder.HasIndex(a => a.OrganizationId).IsUnique();
        builder.HasIndex(a => a.UnifiedSocialCreditCode).IsUnique();
        builder.HasIndex(a => a.Status);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(a => a.ApplicantUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
