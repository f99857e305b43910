using FluentValidation;
using FluentValidation.Results;
using Marketplace.Core.Catalog;
using Marketplace.Web.Authorization;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Supplier;

/// <summary>
/// Creates a listing (details and its first SKU) or edits one: details, all SKUs with prices, tiers and stock, and
/// pictures. Money is typed in yuan and parsed to fen exactly. Calls the same handlers as the API.
/// </summary>
[Authorize(Policy = MarketplacePolicies.SupplierMember)]
[RequestSizeLimit(ListingImageProcessor.MaxBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ListingImageProcessor.MaxBytes + (64 * 1024))]
public sealed class ListingEditModel(
    ReadSupplierListings read, CreateListing create, UpdateListingDetails update, SetListingSkus setSkus, UploadListingImage upload,
    ManageListingImages images, IValidator<CreateListingRequest> createValidator, IValidator<UpdateListingDetailsRequest> detailsValidator,
    IValidator<SetListingSkusRequest> skusValidator, IStringLocalizer<SharedResource> localizer) : PageModel
{
    private const int BlankSkuRows = 2;

    public SupplierListingDetail? Listing { get; private set; }

    public Guid SupplierId => User.GetOrganizationId() ?? Guid.Empty;

    [BindProperty]
    public DetailsInput Details { get; set; } = new();

    [BindProperty]
    public List<SkuRow> Skus { get; set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            Skus = [new SkuRow()];
            return Page();
        }

        if (!await LoadAsync(id.Value, cancellationToken))
        {
            return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var skus = ParseSkus(defaultCodePrefix: Details.ProductCode?.Trim());
        var request = new CreateListingRequest(
            Details.ProductCode, Details.Name, Details.Brand, Details.Category, Details.Description, Details.MinimumOrderQuantity,
            Details.ShelfLifeDays, Details.ShippingRegions, [.. skus.Select(s => s.Input)]);
        if (ModelState.IsValid && Valid(await createValidator.ValidateAsync(request, cancellationToken), skus))
        {
            var outcome = await create.HandleAsync(SupplierId, request, cancellationToken);
            if (outcome.Succeeded)
            {
                StatusMessage = localizer["ListingEdit.Created"];
                return RedirectToPage(new { id = outcome.Value!.Id });
            }

            AddOutcomeErrors(outcome, skus);
        }

        if (Skus.Count == 0)
        {
            Skus = [new SkuRow()];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDetailsAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var request = new UpdateListingDetailsRequest(
            Details.ProductCode, Details.Name, Details.Brand, Details.Category, Details.Description, Details.MinimumOrderQuantity,
            Details.ShelfLifeDays, Details.ShippingRegions);
        if (Valid(await detailsValidator.ValidateAsync(request, cancellationToken), []))
        {
            var before = (await read.GetAsync(SupplierId, id, cancellationToken))?.Status;
            var outcome = await update.HandleAsync(SupplierId, id, request, null, cancellationToken);
            if (outcome.Failure == ListingFailure.NotFound)
            {
                return NotFound();
            }

            if (outcome.Succeeded)
            {
                return Saved(id, before, outcome.Value!.Status);
            }

            AddOutcomeErrors(outcome, []);
        }

        return await RedisplayAsync(id, keepDetails: true, keepSkus: false, cancellationToken);
    }

    public async Task<IActionResult> OnPostSkusAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var skus = ParseSkus(defaultCodePrefix: null);
        var request = new SetListingSkusRequest([.. skus.Select(s => s.Input)]);
        if (ModelState.IsValid && Valid(await skusValidator.ValidateAsync(request, cancellationToken), skus))
        {
            var before = (await read.GetAsync(SupplierId, id, cancellationToken))?.Status;
            var outcome = await setSkus.HandleAsync(SupplierId, id, request, null, cancellationToken);
            if (outcome.Failure == ListingFailure.NotFound)
            {
                return NotFound();
            }

            if (outcome.Succeeded)
            {
                return Saved(id, before, outcome.Value!.Status);
            }

            AddOutcomeErrors(outcome, skus);
        }

        return await RedisplayAsync(id, keepDetails: false, keepSkus: true, cancellationToken);
    }

    public async Task<IActionResult> OnPostImageAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(string.Empty, localizer["Image.Empty"]);
        }
        else if (file.Length > ListingImageProcessor.MaxBytes)
        {
            ModelState.AddModelError(string.Empty, localizer["Image.TooLarge", ListingImageProcessor.MaxBytes / 1024 / 1024]);
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var outcome = await upload.HandleAsync(SupplierId, id, new UploadListingImageRequest(buffer.ToArray()), cancellationToken);
            if (outcome.Failure == ListingFailure.NotFound)
            {
                return NotFound();
            }

            if (outcome.Succeeded)
            {
                StatusMessage = localizer["ListingEdit.Uploaded"];
                return RedirectToPage(new { id });
            }

            AddOutcomeErrors(outcome, []);
        }

        return await RedisplayAsync(id, keepDetails: false, keepSkus: false, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveImageAsync(Guid id, Guid imageId, CancellationToken cancellationToken) =>
        ImageChanged(id, await images.RemoveAsync(SupplierId, id, imageId, cancellationToken), localizer["ListingEdit.Removed"]);

    public async Task<IActionResult> OnPostCoverAsync(Guid id, Guid imageId, CancellationToken cancellationToken) =>
        ImageChanged(id, await images.SetCoverAsync(SupplierId, id, imageId, cancellationToken), localizer["ListingEdit.Saved"]);

    private IActionResult ImageChanged(Guid id, ListingOutcome<bool> outcome, string message)
    {
        if (outcome.Failure == ListingFailure.NotFound)
        {
            return NotFound();
        }

        StatusMessage = outcome.Succeeded ? message : outcome.Detail;
        return RedirectToPage(new { id });
    }

    private IActionResult Saved(Guid id, ListingStatus? before, ListingStatus after)
    {
        StatusMessage = after == ListingStatus.Submitted && before != ListingStatus.Submitted
            && before is ListingStatus.Approved or ListingStatus.Published or ListingStatus.Unlisted
            ? localizer["ListingEdit.SentToReview"]
            : localizer["ListingEdit.Saved"];
        return RedirectToPage(new { id });
    }

    /// <summary>Shows the listing again, keeping what was typed in the form that failed; the other forms show what is stored.</summary>
    private async Task<IActionResult> RedisplayAsync(Guid id, bool keepDetails, bool keepSkus, CancellationToken cancellationToken)
    {
        var (details, skus) = (Details, Skus);
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Details = keepDetails ? details : Details;
        Skus = keepSkus ? skus : Skus;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Listing = await read.GetAsync(SupplierId, id, cancellationToken);
        if (Listing is null)
        {
            return false;
        }

        Details = new DetailsInput
        {
            ProductCode = Listing.ProductCode,
            Name = Listing.Name,
            Brand = Listing.Brand,
            Category = Listing.Category,
            Description = Listing.Description,
            MinimumOrderQuantity = Listing.MinimumOrderQuantity,
            ShelfLifeDays = Listing.ShelfLifeDays,
            ShippingRegions = Listing.ShippingRegions,
        };
        Skus = [.. Listing.Skus.Select(SkuRow.Of), .. Enumerable.Range(0, BlankSkuRows).Select(_ => new SkuRow())];
        return true;
    }

    /// <summary>The filled SKU rows as API inputs, each with the index of its row in the form; cells that do not parse become errors.</summary>
    private List<(int Row, SkuInput Input)> ParseSkus(string? defaultCodePrefix)
    {
        var parsed = new List<(int, SkuInput)>();
        for (var i = 0; i < Skus.Count; i++)
        {
            var row = Skus[i];
            if (row.IsBlank)
            {
                continue;
            }

            var code = string.IsNullOrWhiteSpace(row.Code) && defaultCodePrefix is { Length: > 0 } ? $"{defaultCodePrefix}-{parsed.Count + 1}" : row.Code;
            var price = Yuan(row.Price, $"Skus[{i}].Price");
            var reference = Yuan(row.ReferencePrice, $"Skus[{i}].ReferencePrice");
            var tiers = string.IsNullOrWhiteSpace(row.Tiers) ? [] : ListingSheet.ParseTiers(row.Tiers);
            if (tiers is null)
            {
                ModelState.AddModelError($"Skus[{i}].Tiers", localizer["Import.TiersFormat"]);
            }

            parsed.Add((i, new SkuInput(code, row.Spec, row.WeightGrams, row.BoxSize, row.GarmentSize, price, reference, row.Stock ?? 0, tiers ?? [], row.IsActive, row.LeadTimeDays ?? 0)));
        }

        return parsed;
    }

    private long? Yuan(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Money.ParseYuan(text) is { } fen)
        {
            return fen;
        }

        ModelState.AddModelError(key, localizer["Import.NotAPrice", text]);
        return null;
    }

    private bool Valid(ValidationResult result, List<(int Row, SkuInput Input)> skus)
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(FormKey(error.PropertyName, skus), error.ErrorMessage);
        }

        return result.IsValid;
    }

    private void AddOutcomeErrors<T>(ListingOutcome<T> outcome, List<(int Row, SkuInput Input)> skus)
    {
        if (outcome.Errors is { Count: > 0 } errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(FormKey(field, skus), message);
                }
            }
        }
        else
        {
            ModelState.AddModelError(string.Empty, outcome.Detail ?? localizer["Listing.OutOfRange"]);
        }
    }

    /// <summary>"Skus[1].PriceFen" of the request is "Skus[3].Price" of the form when rows 0 and 2 were blank; "ProductCode" is "Details.ProductCode".</summary>
    private static string FormKey(string property, List<(int Row, SkuInput Input)> skus)
    {
        var match = System.Text.RegularExpressions.Regex.Match(property, @"^[Ss]kus\[(\d+)\]\.?(.*)$");
        if (match.Success)
        {
            var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var row = index < skus.Count ? skus[index].Row : index;
            var field = match.Groups[2].Value.Split('[')[0] switch
            {
                "PriceFen" or "priceFen" => "Price",
                "ReferencePriceFen" or "referencePriceFen" => "ReferencePrice",
                "VolumeTiers" or "volumeTiers" => "Tiers",
                var other when other.Length > 0 => char.ToUpperInvariant(other[0]) + other[1..],
                _ => "Code",
            };
            return $"Skus[{row}].{field}";
        }

        return property.Equals("skus", StringComparison.OrdinalIgnoreCase) ? string.Empty
            : "Details." + char.ToUpperInvariant(property[0]) + property[1..];
    }

    public sealed class DetailsInput
    {
        public string? ProductCode { get; set; }

        public string? Name { get; set; }

        public string? Brand { get; set; }

        public ProductCategory? Category { get; set; }

        public string? Description { get; set; }

        public int? MinimumOrderQuantity { get; set; } = 1;

        public int? ShelfLifeDays { get; set; }

        public string? ShippingRegions { get; set; } = "全国（港澳台、新疆、西藏除外）";
    }

    public sealed class SkuRow
    {
        public string? Code { get; set; }

        public string? Spec { get; set; }

        public int? WeightGrams { get; set; }

        public string? BoxSize { get; set; }

        public string? GarmentSize { get; set; }

        /// <summary>Yuan, as typed: "65.00".</summary>
        public string? Price { get; set; }

        public string? ReferencePrice { get; set; }

        public int? Stock { get; set; }

        /// <summary>交货期 in days: empty or 0 for stock, 1–180 for made to order.</summary>
        public int? LeadTimeDays { get; set; }

        /// <summary>"10:65.00;100:60.00".</summary>
        public string? Tiers { get; set; }

        public bool IsActive { get; set; } = true;

        public bool IsBlank => string.IsNullOrWhiteSpace(Code) && string.IsNullOrWhiteSpace(Spec) && string.IsNullOrWhiteSpace(Price);

        public static SkuRow Of(SkuResponse s) => new()
        {
            Code = s.Code,
            Spec = s.Spec,
            WeightGrams = s.WeightGrams,
            BoxSize = s.BoxSize,
            GarmentSize = s.GarmentSize,
            Price = Money.Plain(s.PriceFen),
            ReferencePrice = s.ReferencePriceFen is { } r ? Money.Plain(r) : null,
            Stock = s.Stock,
            LeadTimeDays = s.LeadTimeDays == 0 ? null : s.LeadTimeDays,
            Tiers = ListingSheet.TiersText(s.VolumeTiers),
            IsActive = s.IsActive,
        };
    }
}
