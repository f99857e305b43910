using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Agreements;

public sealed record AgreementItemDraft(Guid SkuId, long UnitPriceFen);

public sealed record AgreementDeliveryDraft(DateOnly DueOn, Guid SkuId, int Quantity);

/// <summary>
/// 采购协议: a framework agreement between a unit (or the group) and a supplier — SKUs at locked prices, a value cap, a
/// validity period and a delivery schedule. Call-off orders go through the order service at the locked prices;
/// <see cref="CommittedFen"/> is the value of the call-offs not cancelled, and only a conditional update raises it
/// (<see cref="AgreementCallOffs"/>), so call-offs never exceed <see cref="CapFen"/>.
/// </summary>
public sealed class ProcurementAgreement
{
    public const int TitleMaxLength = 100;
    public const int MaxItems = 50;
    public const int MaxDeliveries = 100;

    /// <summary>The share of the cap from which the agreement warns that it is nearly used up.</summary>
    public const int WarnAtPercent = 90;

    private readonly List<AgreementItem> _items = [];
    private readonly List<AgreementDelivery> _deliveries = [];

    private ProcurementAgreement()
    {
    }

    public Guid Id { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>The member unit or the group that buys.</summary>
    public Guid BuyerOrganizationId { get; private set; }

    public Guid SupplierId { get; private set; }

    public long CapFen { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly ValidTo { get; private set; }

    public long CommittedFen { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<AgreementItem> Items => _items;

    public IReadOnlyList<AgreementDelivery> Deliveries => _deliveries;

    public bool IsValidOn(DateOnly day) => day >= ValidFrom && day <= ValidTo;

    public bool NearsCap => CommittedFen * 100 >= CapFen * WarnAtPercent;

    /// <summary>Refuses (with <see cref="AgreementRuleException"/>) an agreement that is not self-consistent; the caller checks the SKUs are the supplier's.</summary>
    public static ProcurementAgreement Create(
        string title, Guid buyerOrganizationId, Guid supplierId, long capFen, DateOnly validFrom, DateOnly validTo,
        IReadOnlyList<AgreementItemDraft> items, IReadOnlyList<AgreementDeliveryDraft> deliveries, Guid createdBy, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > TitleMaxLength || capFen <= 0 || validTo < validFrom)
        {
            throw new AgreementRuleException(AgreementRule.OutOfRange, "A title, a positive cap and a validity that ends after it starts.");
        }

        if (items.Count is 0 or > MaxItems || items.Select(i => i.SkuId).Distinct().Count() != items.Count || items.Any(i => i.UnitPriceFen <= 0))
        {
            throw new AgreementRuleException(AgreementRule.OutOfRange, $"1 to {MaxItems} SKUs, each once, each with a positive price.");
        }

        var prices = items.ToDictionary(i => i.SkuId, i => i.UnitPriceFen);
        if (deliveries.Count > MaxDeliveries
            || deliveries.Any(d => !prices.ContainsKey(d.SkuId) || d.Quantity is <= 0 or > OrderingOptions.MaxQuantityPerLine || d.DueOn < validFrom || d.DueOn > validTo))
        {
            throw new AgreementRuleException(AgreementRule.OutOfRange, "Each scheduled delivery within the validity, of an agreed SKU, with a quantity in range.");
        }

        if (deliveries.Sum(d => checked(prices[d.SkuId] * d.Quantity)) > capFen)
        {
            throw new AgreementRuleException(AgreementRule.ExceedsCap, "The schedule is worth more than the cap.");
        }

        var agreement = new ProcurementAgreement
        {
            Id = Guid.CreateVersion7(now),
            Title = title.Trim(),
            BuyerOrganizationId = buyerOrganizationId,
            SupplierId = supplierId,
            CapFen = capFen,
            ValidFrom = validFrom,
            ValidTo = validTo,
            CreatedBy = createdBy,
            CreatedAt = now,
        };
        agreement._items.AddRange(items.Select(i => new AgreementItem(agreement.Id, i.SkuId, i.UnitPriceFen)));
        agreement._deliveries.AddRange(deliveries.OrderBy(d => d.DueOn).Select(d => new AgreementDelivery(agreement.Id, d.DueOn, d.SkuId, d.Quantity, now)));
        return agreement;
    }

    /// <summary>The supplier confirms it can make a scheduled delivery; false when it had been confirmed already.</summary>
    public bool ConfirmCapacity(Guid deliveryId, Guid userId, DateTime now)
    {
        var delivery = _deliveries.SingleOrDefault(d => d.Id == deliveryId)
            ?? throw new AgreementRuleException(AgreementRule.OutOfRange, $"No delivery {deliveryId} in this agreement.");
        if (delivery.CapacityConfirmedAt is not null)
        {
            return false;
        }

        delivery.CapacityConfirmedBy = userId;
        delivery.CapacityConfirmedAt = now;
        return true;
    }
}

public sealed class AgreementItem
{
    private AgreementItem()
    {
    }

    internal AgreementItem(Guid agreementId, Guid skuId, long unitPriceFen)
    {
        AgreementId = agreementId;
        SkuId = skuId;
        UnitPriceFen = unitPriceFen;
    }

    public Guid AgreementId { get; private set; }

    public Guid SkuId { get; private set; }

    /// <summary>The locked price: call-offs pay this, whatever the catalog says.</summary>
    public long UnitPriceFen { get; private set; }
}

/// <summary>One scheduled delivery: a date, a SKU and a quantity; the supplier confirms capacity, the unit calls it off once.</summary>
public sealed class AgreementDelivery
{
    private AgreementDelivery()
    {
    }

    internal AgreementDelivery(Guid agreementId, DateOnly dueOn, Guid skuId, int quantity, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        AgreementId = agreementId;
        DueOn = dueOn;
        SkuId = skuId;
        Quantity = quantity;
    }

    public Guid Id { get; private set; }

    public Guid AgreementId { get; private set; }

    public DateOnly DueOn { get; private set; }

    public Guid SkuId { get; private set; }

    public int Quantity { get; private set; }

    public Guid? CapacityConfirmedBy { get; internal set; }

    public DateTime? CapacityConfirmedAt { get; internal set; }

    /// <summary>The call-off order made from this delivery, if any.</summary>
    public Guid? CallOffOrderId { get; internal set; }
}

/// <summary>One call-off order and the value it took from the cap; <see cref="ReleasedAt"/> once a cancellation gave it back.</summary>
public sealed class AgreementCallOff
{
    private AgreementCallOff()
    {
    }

    internal AgreementCallOff(Guid orderId, Guid agreementId, long amountFen, DateTime now)
    {
        OrderId = orderId;
        AgreementId = agreementId;
        AmountFen = amountFen;
        CreatedAt = now;
    }

    public Guid OrderId { get; private set; }

    public Guid AgreementId { get; private set; }

    public long AmountFen { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? ReleasedAt { get; internal set; }
}

public enum AgreementRule
{
    OutOfRange,
    ExceedsCap,
    NotValidToday,
    NotAnAgreedSku,
    AlreadyCalledOff,
    NotTheBuyer,
    KeyReused,
}

public sealed class AgreementRuleException(AgreementRule rule, string message) : Exception(message)
{
    public AgreementRule Rule { get; } = rule;
}

internal sealed class ProcurementAgreementConfiguration : IEntityTypeConfiguration<ProcurementAgreement>
{
    public void Configure(EntityTypeBuilder<ProcurementAgreement> builder)
    {
        builder.ToTable("procurement_agreements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Title).HasMaxLength(ProcurementAgreement.TitleMaxLength);
        builder.HasIndex(a => a.BuyerOrganizationId);
        builder.HasIndex(a => a.SupplierId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.BuyerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.SupplierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Items).WithOne().HasForeignKey(i => i.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(a => a.Deliveries).WithOne().HasForeignKey(d => d.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Deliveries).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AgreementItemConfiguration : IEntityTypeConfiguration<AgreementItem>
{
    public void Configure(EntityTypeBuilder<AgreementItem> builder)
    {
        builder.ToTable("agreement_items");
        builder.HasKey(i => new { i.AgreementId, i.SkuId });
    }
}

internal sealed class AgreementDeliveryConfiguration : IEntityTypeConfiguration<AgreementDelivery>
{
    public void Configure(EntityTypeBuilder<AgreementDelivery> builder)
    {
        builder.ToTable("agreement_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasIndex(d => d.AgreementId);
    }
}

internal sealed class AgreementCallOffConfiguration : IEntityTypeConfiguration<AgreementCallOff>
{
    public void Configure(EntityTypeBuilder<AgreementCallOff> builder)
    {
        builder.ToTable("agreement_call_offs");
        builder.HasKey(c => c.OrderId);
        builder.HasIndex(c => c.AgreementId);
        builder.HasOne<ProcurementAgreement>().WithMany().HasForeignKey(c => c.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}
