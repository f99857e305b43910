using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Catalog;

/// <summary>What a supplier writes about a product: the input of <see cref="Listing.Create"/> and <see cref="Listing.UpdateDetails"/>.</summary>
public sealed record ListingDetails(
    string ProductCode,
    string Name,
    string? Brand,
    ProductCategory Category,
    string Description,
    int MinimumOrderQuantity,
    int? ShelfLifeDays,
    string ShippingRegions);

/// <summary>
/// 商品: a supplier's product with its SKUs. Its county of origin is the supplier's registered county at creation.
/// The status machine is in <see cref="ListingStatus"/>; only the methods here change it.
/// </summary>
public sealed class Listing
{
    public const int ProductCodeMaxLength = 40;
    public const int NameMaxLength = 60;
    public const int BrandMaxLength = 40;
    public const int DescriptionMaxLength = 4000;
    public const int ShippingRegionsMaxLength = 500;
    public const int ReasonMaxLength = 500;
    public const int SearchTextMaxLength = 400;
    public const int MaxSkus = 50;
    public const int MaxImages = 8;
    public const int MaxMinimumOrderQuantity = 100_000;
    public const int MaxShelfLifeDays = 3650;

    private readonly List<ListingSku> _skus = [];

    private Listing()
    {
    }

    public Guid Id { get; private set; }

    public Guid SupplierId { get; private set; }

    /// <summary>The county of origin (6-digit code): the supplier's registered county when the listing was created.</summary>
    public string CountyCode { get; private set; } = "";

    /// <summary>货号: the supplier's own product code, unique per supplier; import and export match on it.</summary>
    public string ProductCode { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Brand { get; private set; }

    public ProductCategory Category { get; private set; }

    public string Description { get; private set; } = "";

    /// <summary>起订量: the fewest pieces of this listing one order may take.</summary>
    public int MinimumOrderQuantity { get; private set; }

    /// <summary>保质期 in days; none for goods that keep (uniforms, crafts).</summary>
    public int? ShelfLifeDays { get; private set; }

    /// <summary>配送范围 as the supplier states it, e.g. "全国（港澳台、新疆、西藏除外）".</summary>
    public string ShippingRegions { get; private set; } = "";

    public ListingStatus Status { get; private set; }

    /// <summary>When approved, publish at once (a new listing's choice; a published listing back in review returns to the storefront).</summary>
    public bool PublishOnApproval { get; private set; }

    /// <summary>Why the last review rejected it.</summary>
    public string? RejectionReason { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? SubmittedAt { get; private set; }

    public DateTime? ReviewedAt { get; private set; }

    /// <summary>Who approved or rejected it last; none when the supplier's listings are approved automatically.</summary>
    public Guid? ReviewedByUserId { get; private set; }

    /// <summary>When it was first published: the storefront's "newest" order.</summary>
    public DateTime? FirstPublishedAt { get; private set; }

    /// <summary>The lowest price of its active SKUs: the storefront's price filter and sort.</summary>
    public long MinPriceFen { get; private set; }

    /// <summary>Pieces sold over all time: the storefront's "best-selling" order. Ordering adds to it.</summary>
    public long SoldQuantity { get; private set; }

    /// <summary>The image shown in lists.</summary>
    public Guid? CoverImageId { get; private set; }

    /// <summary>Lower-case name, brand, product code, category and SKU specs: matched with a substring search.</summary>
    public string SearchText { get; private set; } = "";

    /// <summary>Counts every change: the concurrency token, and the supplier API's ETag.</summary>
    public int Revision { get; private set; }

    public IReadOnlyList<ListingSku> Skus => _skus;

    /// <summary>On the storefront when its supplier is also certified.</summary>
    public bool IsPublished => Status == ListingStatus.Published;

    public static Listing Create(Organization supplier, string countyCode, ListingDetails details, IReadOnlyList<SkuDraft> skus, DateTime now)
    {
        if (supplier.Kind != OrganizationKind.Supplier)
        {
            throw new OrganizationRuleException($"'{supplier.Name}' is not a supplier.");
        }

        if (!County.IsWellFormedCode(countyCode))
        {
            throw new CatalogRuleException(CatalogRule.OutOfRange, $"'{countyCode}' is not a county code.");
        }

        var listing = new Listing
        {
            Id = Guid.CreateVersion7(now),
            SupplierId = supplier.Id,
            CountyCode = countyCode,
            Status = ListingStatus.Draft,
            PublishOnApproval = true,
            CreatedAt = now,
        };
        listing.ApplyDetails(details);
        listing.ReplaceSkus(skus, now);
        listing.Touch(now);
        return listing;
    }

    /// <summary>
    /// Changes what buyers read. On an approved, published or unlisted listing the change needs review, so it goes back to
    /// Submitted (and leaves the storefront until approved), unless the supplier's listings are approved automatically.
    /// </summary>
    /// <returns>Whether the listing now waits for review.</returns>
    public bool UpdateDetails(ListingDetails details, bool autoApprove, DateTime now)
    {
        var changed = details.Name.Trim() != Name || details.Brand?.Trim() != Brand || details.Category != Category
            || details.Description.Trim() != Description || details.ProductCode.Trim() != ProductCode;
        ApplyDetails(details);
        Touch(now);
        return changed && BackToReviewIfLive(autoApprove, now);
    }

    /// <summary>
    /// Replaces the SKUs (matched by code, so ids and approved prices survive). On a live listing a new SKU or a price
    /// raise above <paramref name="priceRaiseReviewPercent"/> sends it back to review; stock, reductions and small
    /// raises apply at once.
    /// </summary>
    /// <returns>Whether the listing now waits for review.</returns>
    public bool SetSkus(IReadOnlyList<SkuDraft> skus, int priceRaiseReviewPercent, bool autoApprove, DateTime now)
    {
        var added = skus.Any(d => _skus.All(s => s.Code != d.Code.Trim()));
        ReplaceSkus(skus, now);
        Touch(now);
        var needsReview = added || _skus.Any(s => s.PriceRaiseNeedsReview(priceRaiseReviewPercent));
        return needsReview && BackToReviewIfLive(autoApprove, now);
    }

    /// <summary>Sets one SKU's stock; never needs review.</summary>
    public void SetStock(string skuCode, int stock, DateTime now)
    {
        var sku = _skus.SingleOrDefault(s => s.Code == skuCode.Trim())
            ?? throw new CatalogRuleException(CatalogRule.OutOfRange, $"No SKU '{skuCode}' in this listing.");
        sku.SetStock(stock);
        Touch(now);
    }

    /// <summary>Draft or Rejected → Submitted; with <paramref name="autoApprove"/> straight on to Approved (or Published).</summary>
    public void Submit(bool publishOnApproval, bool autoApprove, DateTime now)
    {
        Require(ListingStatus.Draft, ListingStatus.Rejected);
        RequireActiveSku();
        PublishOnApproval = publishOnApproval;
        Status = ListingStatus.Submitted;
        SubmittedAt = now;
        Touch(now);
        if (autoApprove)
        {
            Approve(null, now);
        }
    }

    /// <summary>Submitted → Approved, or Published when it was to be published on approval. Its prices become the approved ones.</summary>
    public void Approve(Guid? reviewer, DateTime now)
    {
        Require(ListingStatus.Submitted);
        RequireActiveSku();
        foreach (var sku in _skus)
        {
            sku.MarkPriceApproved();
        }

        RejectionReason = null;
        ReviewedAt = now;
        ReviewedByUserId = reviewer;
        Status = ListingStatus.Approved;
        if (PublishOnApproval)
        {
            MakePublished(now);
        }

        Touch(now);
    }

    /// <summary>Submitted → Rejected with the reason the supplier reads.</summary>
    public void Reject(string reason, Guid reviewer, DateTime now)
    {
        Require(ListingStatus.Submitted);
        var trimmed = reason.Trim();
        if (trimmed.Length is 0 or > ReasonMaxLength)
        {
            throw new CatalogRuleException(CatalogRule.ReasonRequired, $"A reason must have 1 to {ReasonMaxLength} characters.");
        }

        RejectionReason = trimmed;
        ReviewedAt = now;
        ReviewedByUserId = reviewer;
        Status = ListingStatus.Rejected;
        Touch(now);
    }

    /// <summary>Approved or Unlisted → Published.</summary>
    public void Publish(DateTime now)
    {
        Require(ListingStatus.Approved, ListingStatus.Unlisted);
        RequireActiveSku();
        MakePublished(now);
        Touch(now);
    }

    /// <summary>Published → Unlisted (下架): off the storefront, back with <see cref="Publish"/> without review.</summary>
    public void Unlist(DateTime now)
    {
        Require(ListingStatus.Published);
        Status = ListingStatus.Unlisted;
        Touch(now);
    }

    public void SetCoverImage(Guid? imageId, DateTime now)
    {
        CoverImageId = imageId;
        Touch(now);
    }

    /// <summary>
    /// Counts a new image in (the first one becomes the cover). Changing the revision makes two uploads racing for the
    /// last free place conflict instead of both passing the count.
    /// </summary>
    public void AttachImage(Guid imageId, int imagesBefore, DateTime now)
    {
        if (imagesBefore >= MaxImages)
        {
            throw new CatalogRuleException(CatalogRule.TooManyImages, $"A listing has at most {MaxImages} images.");
        }

        CoverImageId ??= imageId;
        Touch(now);
    }

    /// <summary>Takes an image out; when it was the cover, <paramref name="nextCoverId"/> (the next image, if any) becomes the cover.</summary>
    public void DetachImage(Guid imageId, Guid? nextCoverId, DateTime now)
    {
        if (CoverImageId == imageId)
        {
            CoverImageId = nextCoverId;
        }

        Touch(now);
    }

    /// <summary>Whether <paramref name="action"/> is allowed in <paramref name="status"/>: the status machine as a table.</summary>
    public static bool Allows(ListingStatus status, ListingAction action) => action switch
    {
        ListingAction.Submit => status is ListingStatus.Draft or ListingStatus.Rejected,
        ListingAction.Approve or ListingAction.Reject => status == ListingStatus.Submitted,
        ListingAction.Publish => status is ListingStatus.Approved or ListingStatus.Unlisted,
        ListingAction.Unlist => status == ListingStatus.Published,
        _ => false,
    };

    private bool BackToReviewIfLive(bool autoApprove, DateTime now)
    {
        if (Status is not (ListingStatus.Approved or ListingStatus.Published or ListingStatus.Unlisted))
        {
            return false;
        }

        if (autoApprove)
        {
            foreach (var sku in _skus)
            {
                sku.MarkPriceApproved();
            }

            return false;
        }

        PublishOnApproval = Status == ListingStatus.Published;
        Status = ListingStatus.Submitted;
        SubmittedAt = now;
        return true;
    }

    private void MakePublished(DateTime now)
    {
        Status = ListingStatus.Published;
        FirstPublishedAt ??= now;
    }

    private void Require(params ListingStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new CatalogRuleException(CatalogRule.NotAllowedInStatus, $"Not allowed while the listing is {Status}.");
        }
    }

    private void RequireActiveSku()
    {
        if (!_skus.Any(s => s.IsActive))
        {
            throw new CatalogRuleException(CatalogRule.NoActiveSku, "A listing needs at least one active SKU.");
        }
    }

    private void ApplyDetails(ListingDetails details)
    {
        var productCode = details.ProductCode.Trim();
        var name = details.Name.Trim();
        var brand = string.IsNullOrWhiteSpace(details.Brand) ? null : details.Brand.Trim();
        var description = details.Description.Trim();
        var shipping = details.ShippingRegions.Trim();
        if (productCode.Length is 0 or > ProductCodeMaxLength || name.Length is 0 or > NameMaxLength || brand?.Length > BrandMaxLength
            || description.Length > DescriptionMaxLength || shipping.Length is 0 or > ShippingRegionsMaxLength
            || !Enum.IsDefined(details.Category)
            || details.MinimumOrderQuantity is < 1 or > MaxMinimumOrderQuantity
            || details.ShelfLifeDays is < 1 or > MaxShelfLifeDays)
        {
            throw new CatalogRuleException(CatalogRule.OutOfRange, "A listing field is empty or outside its range.");
        }

        ProductCode = productCode;
        Name = name;
        Brand = brand;
        Category = details.Category;
        Description = description;
        MinimumOrderQuantity = details.MinimumOrderQuantity;
        ShelfLifeDays = details.ShelfLifeDays;
        ShippingRegions = shipping;
    }

    private void ReplaceSkus(IReadOnlyList<SkuDraft> drafts, DateTime now)
    {
        if (drafts.Count is 0 or > MaxSkus)
        {
            throw new CatalogRuleException(CatalogRule.OutOfRange, $"A listing has 1 to {MaxSkus} SKUs.");
        }

        if (drafts.Select(d => d.Code.Trim()).Distinct(StringComparer.Ordinal).Count() != drafts.Count)
        {
            throw new CatalogRuleException(CatalogRule.DuplicateSkuCode, "Two SKUs share a code.");
        }

        foreach (var draft in drafts)
        {
            ListingSku.Validate(draft);
        }

        _skus.RemoveAll(s => drafts.All(d => d.Code.Trim() != s.Code));
        for (var position = 0; position < drafts.Count; position++)
        {
            var draft = drafts[position];
            if (_skus.SingleOrDefault(s => s.Code == draft.Code.Trim()) is { } existing)
            {
                existing.Apply(draft, position);
            }
            else
            {
                _skus.Add(ListingSku.Create(Id, draft, position, now));
            }
        }

        _skus.Sort((a, b) => a.Position.CompareTo(b.Position));
    }

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        Revision++;
        var active = _skus.Where(s => s.IsActive).ToList();
        MinPriceFen = active.Count == 0 ? 0 : active.Min(s => s.PriceFen);
        SearchText = CatalogSearch.TextOf(Name, Brand, ProductCode, CatalogSearch.CategoryWords(Category), _skus.Select(s => s.Spec));
    }
}

/// <summary>What a supplier or an operator does to a listing.</summary>
public enum ListingAction
{
    Submit,
    Approve,
    Reject,
    Publish,
    Unlist,
}

internal sealed class ListingConfiguration : IEntityTypeConfiguration<Listing>
{
    public void Configure(EntityTypeBuilder<Listing> builder)
    {
        builder.ToTable("listings");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.CountyCode).HasMaxLength(County.CodeLength).IsFixedLength();
        builder.Property(l => l.ProductCode).HasMaxLength(Listing.ProductCodeMaxLength);
        builder.Property(l => l.Name).HasMaxLength(Listing.NameMaxLength);
        builder.Property(l => l.Brand).HasMaxLength(Listing.BrandMaxLength);
        builder.Property(l => l.Category).HasConversion<string>().HasMaxLength(32);
        builder.Property(l => l.Description).HasMaxLength(Listing.DescriptionMaxLength);
        builder.Property(l => l.ShippingRegions).HasMaxLength(Listing.ShippingRegionsMaxLength);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(l => l.RejectionReason).HasMaxLength(Listing.ReasonMaxLength);
        builder.Property(l => l.SearchText).HasMaxLength(Listing.SearchTextMaxLength);
        builder.Property(l => l.Revision).IsConcurrencyToken();
        builder.HasIndex(l => new { l.SupplierId, l.ProductCode }).IsUnique();
        builder.HasIndex(l => new { l.Status, l.SubmittedAt });
        // The storefront's keyset orders: newest, price, best-selling, each ending on the id.
        builder.HasIndex(l => new { l.Status, l.FirstPublishedAt, l.Id });
        builder.HasIndex(l => new { l.Status, l.MinPriceFen, l.Id });
        builder.HasIndex(l => new { l.Status, l.SoldQuantity, l.Id });
        builder.HasIndex(l => new { l.CountyCode, l.Status });
        builder.HasIndex(l => new { l.Category, l.Status });
        builder.HasIndex(l => l.Brand);
        builder.HasOne<Organization>().WithMany().HasForeignKey(l => l.SupplierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<County>().WithMany().HasForeignKey(l => l.CountyCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(l => l.Skus).WithOne().HasForeignKey(s => s.ListingId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(l => l.Skus).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
