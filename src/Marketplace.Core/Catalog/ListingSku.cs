using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Catalog;

/// <summary>What a supplier says about one SKU: the input of <see cref="Listing.SetSkus"/>.</summary>
public sealed record SkuDraft(
    string Code,
    string Spec,
    int? WeightGrams,
    string? BoxSize,
    string? GarmentSize,
    long PriceFen,
    long? ReferencePriceFen,
    int Stock,
    IReadOnlyList<VolumeTier> VolumeTiers,
    bool IsActive = true,
    int LeadTimeDays = 0);

/// <summary>
/// 规格 (SKU): one variant of a listing (5 kg box, garment size L) with its own price, volume tiers, reference market
/// price and stock. The stock is kept in <see cref="StockSlots"/>, which ordering takes from with conditional
/// decrements, except for a SKU made to order (<see cref="LeadTimeDays"/> above 0): its orders are taken beyond stock,
/// promised ready by the order's China date plus the lead time, and never reserve or give back stock.
/// </summary>
public sealed class ListingSku
{
    public const int CodeMaxLength = 40;
    public const int SpecMaxLength = 60;
    public const int SizeMaxLength = 40;
    public const int MaxVolumeTiers = 5;
    public const long MaxPriceFen = 100_000_000; // ¥1,000,000 a piece
    public const int MaxStock = 10_000_000;
    public const int MaxWeightGrams = 1_000_000;
    public const int MaxLeadTimeDays = 180;

    private readonly List<VolumeTier> _volumeTiers = [];
    private readonly List<StockSlot> _stockSlots = [];

    private ListingSku()
    {
    }

    public Guid Id { get; private set; }

    public Guid ListingId { get; private set; }

    /// <summary>The supplier's SKU code, unique within the listing.</summary>
    public string Code { get; private set; } = "";

    /// <summary>规格名 as buyers see it, e.g. "5kg 礼盒装" or "夏装短袖 L".</summary>
    public string Spec { get; private set; } = "";

    public int? WeightGrams { get; private set; }

    /// <summary>箱规, e.g. "40×30×20cm, 12 个/箱".</summary>
    public string? BoxSize { get; private set; }

    /// <summary>服装尺码, e.g. "L" or "175/92A".</summary>
    public string? GarmentSize { get; private set; }

    public long PriceFen { get; private set; }

    /// <summary>The price last approved by review; a raise above the threshold over it needs review again.</summary>
    public long? ApprovedPriceFen { get; private set; }

    /// <summary>市场参考价: the premium buyers pay is <see cref="PriceFen"/> − this.</summary>
    public long? ReferencePriceFen { get; private set; }

    /// <summary>
    /// The pieces on hand: the sum of <see cref="StockSlots"/>. A SKU always has a slot, so none loaded means a query
    /// that skipped them, and reading the stock there is a mistake rather than zero.
    /// </summary>
    public int Stock => _stockSlots.Count > 0
        ? _stockSlots.Sum(s => s.Pieces)
        : throw new InvalidOperationException("This SKU was read without its stock slots.");

    public IReadOnlyList<StockSlot> StockSlots => _stockSlots;

    public bool IsActive { get; private set; }

    /// <summary>交货期 in days of a SKU made to order (uniforms sewn for the order); 0: sold from stock.</summary>
    public int LeadTimeDays { get; private set; }

    public bool IsMadeToOrder => LeadTimeDays > 0;

    /// <summary>The promised date of an order taken on <paramref name="today"/> (China calendar), or null for a SKU sold from stock.</summary>
    public DateOnly? ReadyBy(DateOnly today) => IsMadeToOrder ? today.AddDays(LeadTimeDays) : null;

    public int Position { get; private set; }

    public IReadOnlyList<VolumeTier> VolumeTiers => _volumeTiers;

    /// <summary>The unit price for <paramref name="quantity"/> pieces: the best volume tier reached, else the SKU price.</summary>
    public long UnitPriceFor(int quantity) =>
        _volumeTiers.Where(t => t.MinQuantity <= quantity).OrderByDescending(t => t.MinQuantity).Select(t => t.PriceFen).FirstOrDefault(PriceFen);

    /// <summary>Whether the current price is a raise above <paramref name="thresholdPercent"/> over the approved one.</summary>
    public bool PriceRaiseNeedsReview(int thresholdPercent) =>
        ApprovedPriceFen is { } approved && PriceFen * 100 > approved * (100 + thresholdPercent);

    internal static ListingSku Create(Guid listingId, SkuDraft draft, int position, DateTime now)
    {
        var sku = new ListingSku { Id = Guid.CreateVersion7(now), ListingId = listingId };
        sku.Apply(draft, position);
        return sku;
    }

    internal void Apply(SkuDraft draft, int position)
    {
        Validate(draft);
        Code = draft.Code.Trim();
        Spec = draft.Spec.Trim();
        WeightGrams = draft.WeightGrams;
        BoxSize = Trimmed(draft.BoxSize);
        GarmentSize = Trimmed(draft.GarmentSize);
        PriceFen = draft.PriceFen;
        ReferencePriceFen = draft.ReferencePriceFen;
        SetStock(draft.Stock);
        IsActive = draft.IsActive;
        LeadTimeDays = draft.LeadTimeDays;
        Position = position;
        _volumeTiers.Clear();
        _volumeTiers.AddRange(draft.VolumeTiers.OrderBy(t => t.MinQuantity));
    }

    internal void SetStock(int stock)
    {
        if (stock is < 0 or > MaxStock)
        {
            throw new CatalogRuleException(CatalogRule.OutOfRange, $"Stock must be 0 to {MaxStock}.");
        }

        // The same total is left as it lies: splitting it again would overwrite what buyers took since it was read.
        if (_stockSlots.Count == 0 || stock != Stock)
        {
            StockSlot.Split(_stockSlots, stock);
        }
    }

    internal void MarkPriceApproved() => ApprovedPriceFen = PriceFen;

    public static void Validate(SkuDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.Code) || draft.Code.Trim().Length > CodeMaxLength
            || string.IsNullOrWhiteSpace(draft.Spec) || draft.Spec.Trim().Length > SpecMaxLength
            || draft.BoxSize?.Trim().Length > SizeMaxLength || draft.GarmentSize?.Trim().Length > SizeMaxLength)
        {
            throw new CatalogRuleException(CatalogRule.OutOfRange, "A SKU needs a code and a spec within their lengths.");
        }

        if (draft.PriceFen is <= 0 or > MaxPriceFen || draft.ReferencePriceFen is <= 0 or > MaxPriceFen
            || draft.Stock is < 0 or > MaxStock || draft.WeightGrams is <= 0 or > MaxWeightGrams || draft.LeadTimeDays is < 0 or > MaxLeadTimeDays)
        {
            throw new CatalogRuleException(CatalogRule.OutOfRange, "Price, reference price, stock, weight and lead time must be within their ranges.");
        }

        if (draft.WeightGrams is null && Trimmed(draft.BoxSize) is null && Trimmed(draft.GarmentSize) is null)
        {
            throw new CatalogRuleException(CatalogRule.SkuWithoutSize, "A SKU must state its weight, box size or garment size.");
        }

        if (draft.VolumeTiers.Count > MaxVolumeTiers || !VolumeTier.AreValid(draft.VolumeTiers, draft.PriceFen))
        {
            throw new CatalogRuleException(CatalogRule.InvalidVolumeTiers, "Volume tiers must start above one piece and get cheaper as the quantity grows.");
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal sealed class ListingSkuConfiguration : IEntityTypeConfiguration<ListingSku>
{
    public void Configure(EntityTypeBuilder<ListingSku> builder)
    {
        builder.ToTable("listing_skus");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Code).HasMaxLength(ListingSku.CodeMaxLength);
        builder.Property(s => s.Spec).HasMaxLength(ListingSku.SpecMaxLength);
        builder.Property(s => s.BoxSize).HasMaxLength(ListingSku.SizeMaxLength);
        builder.Property(s => s.GarmentSize).HasMaxLength(ListingSku.SizeMaxLength);
        builder.Property(s => s.LeadTimeDays).HasDefaultValue(0);
        builder.HasIndex(s => new { s.ListingId, s.Code }).IsUnique();
        builder.OwnsMany(s => s.VolumeTiers, tiers =>
        {
            tiers.ToTable("sku_volume_tiers");
            tiers.WithOwner().HasForeignKey("SkuId");
            tiers.Property<int>("Id");
            tiers.HasKey("Id");
            tiers.HasIndex("SkuId", nameof(VolumeTier.MinQuantity)).IsUnique();
        });
        builder.Navigation(s => s.VolumeTiers).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(s => s.Stock);

        // Loaded with the SKU wherever it is read, except where a query opts out (an order's catalog prices thousands
        // of SKUs and takes stock by SQL, so it skips them).
        builder.HasMany(s => s.StockSlots).WithOne().HasForeignKey("SkuId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.StockSlots).UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();
    }
}

internal sealed class StockSlotConfiguration : IEntityTypeConfiguration<StockSlot>
{
    public void Configure(EntityTypeBuilder<StockSlot> builder)
    {
        builder.ToTable("listing_sku_stock_slots", t => t.HasCheckConstraint("ck_listing_sku_stock_slots_pieces_not_negative", "pieces >= 0"));
        builder.HasKey("SkuId", nameof(StockSlot.Slot));
        builder.Property(s => s.Slot).ValueGeneratedNever();
    }
}
