using FluentValidation;
using Marketplace.Core.Catalog;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>The fields of a listing's details, shared by create, update and import.</summary>
public interface IListingDetailsInput
{
    string? ProductCode { get; }

    string? Name { get; }

    string? Brand { get; }

    ProductCategory? Category { get; }

    string? Description { get; }

    int? MinimumOrderQuantity { get; }

    int? ShelfLifeDays { get; }

    string? ShippingRegions { get; }
}

/// <summary>A volume tier as sent: from <see cref="MinQuantity"/> pieces on, <see cref="PriceFen"/> each.</summary>
public sealed record VolumeTierInput(int? MinQuantity, long? PriceFen);

/// <summary>One SKU as sent; money in fen. <see cref="LeadTimeDays"/> (交货期) above 0 makes it made to order.</summary>
public sealed record SkuInput(
    string? Code,
    string? Spec,
    int? WeightGrams,
    string? BoxSize,
    string? GarmentSize,
    long? PriceFen,
    long? ReferencePriceFen,
    int? Stock,
    IReadOnlyList<VolumeTierInput>? VolumeTiers,
    bool? IsActive,
    int? LeadTimeDays = null)
{
    public SkuDraft ToDraft() => new(
        Code!, Spec!, WeightGrams, BoxSize, GarmentSize, PriceFen!.Value, ReferencePriceFen, Stock ?? 0,
        [.. (VolumeTiers ?? []).Select(t => new VolumeTier(t.MinQuantity!.Value, t.PriceFen!.Value))], IsActive ?? true, LeadTimeDays ?? 0);
}

public static class ListingInputs
{
    public static ListingDetails ToDetails(this IListingDetailsInput input) => new(
        input.ProductCode!, input.Name!, input.Brand, input.Category!.Value, input.Description ?? "",
        input.MinimumOrderQuantity ?? 1, input.ShelfLifeDays, input.ShippingRegions!);
}

internal sealed class ListingDetailsValidator<T> : AbstractValidator<T> where T : IListingDetailsInput
{
    public ListingDetailsValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.ProductCode).Required(l, "Listing.ProductCode").MaximumLength(Listing.ProductCodeMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Listing.ProductCode"], Listing.ProductCodeMaxLength]);
        RuleFor(r => r.Name).Required(l, "Listing.Name").MaximumLength(Listing.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Listing.Name"], Listing.NameMaxLength]);
        RuleFor(r => r.Brand).MaximumLength(Listing.BrandMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Listing.Brand"], Listing.BrandMaxLength]);
        RuleFor(r => r.Category).NotNull().WithMessage(_ => l["Validation.Required", l["Listing.Category"]])
            .IsInEnum().WithMessage(_ => l["Listing.CategoryUnknown"]);
        RuleFor(r => r.Description).MaximumLength(Listing.DescriptionMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Listing.Description"], Listing.DescriptionMaxLength]);
        RuleFor(r => r.MinimumOrderQuantity).InclusiveBetween(1, Listing.MaxMinimumOrderQuantity)
            .WithMessage(_ => l["Validation.Range", l["Listing.MinimumOrderQuantity"], 1, Listing.MaxMinimumOrderQuantity]);
        RuleFor(r => r.ShelfLifeDays).InclusiveBetween(1, Listing.MaxShelfLifeDays)
            .WithMessage(_ => l["Validation.Range", l["Listing.ShelfLifeDays"], 1, Listing.MaxShelfLifeDays]);
        RuleFor(r => r.ShippingRegions).Required(l, "Listing.ShippingRegions").MaximumLength(Listing.ShippingRegionsMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Listing.ShippingRegions"], Listing.ShippingRegionsMaxLength]);
    }
}

internal sealed class SkuInputValidator : AbstractValidator<SkuInput>
{
    public SkuInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(s => s.Code).Required(l, "Sku.Code").MaximumLength(ListingSku.CodeMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Sku.Code"], ListingSku.CodeMaxLength]);
        RuleFor(s => s.Spec).Required(l, "Sku.Spec").MaximumLength(ListingSku.SpecMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Sku.Spec"], ListingSku.SpecMaxLength]);
        RuleFor(s => s.BoxSize).MaximumLength(ListingSku.SizeMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Sku.BoxSize"], ListingSku.SizeMaxLength]);
        RuleFor(s => s.GarmentSize).MaximumLength(ListingSku.SizeMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Sku.GarmentSize"], ListingSku.SizeMaxLength]);
        RuleFor(s => s.WeightGrams).InclusiveBetween(1, ListingSku.MaxWeightGrams)
            .WithMessage(_ => l["Validation.Range", l["Sku.WeightGrams"], 1, ListingSku.MaxWeightGrams]);
        RuleFor(s => s).Must(s => s.WeightGrams is not null || !string.IsNullOrWhiteSpace(s.BoxSize) || !string.IsNullOrWhiteSpace(s.GarmentSize))
            .WithName("weightGrams").OverridePropertyName("weightGrams").WithMessage(_ => l["Listing.SkuWithoutSize"]);
        RuleFor(s => s.PriceFen).NotNull().WithMessage(_ => l["Validation.Required", l["Sku.Price"]])
            .InclusiveBetween(1, ListingSku.MaxPriceFen).WithMessage(_ => l["Sku.PriceRange", l["Sku.Price"], Money.Plain(ListingSku.MaxPriceFen)]);
        RuleFor(s => s.ReferencePriceFen).InclusiveBetween(1, ListingSku.MaxPriceFen)
            .WithMessage(_ => l["Sku.PriceRange", l["Sku.ReferencePrice"], Money.Plain(ListingSku.MaxPriceFen)]);
        RuleFor(s => s.Stock).InclusiveBetween(0, ListingSku.MaxStock).WithMessage(_ => l["Validation.Range", l["Sku.Stock"], 0, ListingSku.MaxStock]);
        RuleFor(s => s.LeadTimeDays).InclusiveBetween(0, ListingSku.MaxLeadTimeDays)
            .WithMessage(_ => l["Validation.Range", l["Sku.LeadTimeDays"], 0, ListingSku.MaxLeadTimeDays]);
        RuleFor(s => s.VolumeTiers)
            .Must(t => t is null || t.Count <= ListingSku.MaxVolumeTiers).WithMessage(_ => l["Sku.TooManyTiers", ListingSku.MaxVolumeTiers])
            .Must(t => t is null || t.All(x => x is { MinQuantity: not null, PriceFen: not null })).WithMessage(_ => l["Listing.InvalidTiers"])
            .Must((s, t) => t is null || s.PriceFen is not { } price || t.Any(x => x is null || x.MinQuantity is null || x.PriceFen is null)
                || t.Select(x => x.MinQuantity).Distinct().Count() == t.Count && VolumeTier.AreValid([.. t.Select(x => new VolumeTier(x.MinQuantity!.Value, x.PriceFen!.Value))], price))
            .WithMessage(_ => l["Listing.InvalidTiers"]);
    }
}

/// <summary>A request that carries a listing's SKUs.</summary>
public interface ISkusInput
{
    IReadOnlyList<SkuInput>? Skus { get; }
}

/// <summary>A listing's SKUs taken together: 1 to <see cref="Listing.MaxSkus"/>, codes unique, each valid.</summary>
internal sealed class SkuListValidator<T> : AbstractValidator<T> where T : ISkusInput
{
    public SkuListValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Skus)
            .NotNull().WithMessage(_ => l["Listing.SkuCount", Listing.MaxSkus])
            .Must(s => s is null || s.Count is > 0 and <= Listing.MaxSkus).WithMessage(_ => l["Listing.SkuCount", Listing.MaxSkus])
            .Must(s => s is null || s.Where(x => x?.Code is not null).Select(x => x.Code!.Trim()).Distinct(StringComparer.Ordinal).Count()
                == s.Count(x => x?.Code is not null)).WithMessage(_ => l["Listing.DuplicateSkuCode"]);
        RuleForEach(r => r.Skus).NotNull().SetValidator(new SkuInputValidator(l));
    }
}
