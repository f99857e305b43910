using Marketplace.Web.Authorization;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Supplier;

/// <summary>Export links and the two imports (listings, stock); a refused file shows every bad cell in a table.</summary>
[Authorize(Policy = MarketplacePolicies.SupplierMember)]
[RequestSizeLimit(Sheet.MaxBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = Sheet.MaxBytes + (64 * 1024))]
public sealed class ListingImportModel(ImportListings listings, ImportStock stock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public Guid SupplierId => User.GetOrganizationId() ?? Guid.Empty;

    public IReadOnlyList<SheetLineError> LineErrors { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostListingsAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (await ReadAsync(file, cancellationToken) is not { } request)
        {
            return Page();
        }

        var outcome = await listings.HandleAsync(SupplierId, request, cancellationToken);
        if (outcome.Succeeded)
        {
            var r = outcome.Value!;
            StatusMessage = localizer["ListingImport.Imported", r.Rows, r.Created, r.Updated, r.SentToReview];
            return RedirectToPage();
        }

        return Refused(outcome);
    }

    public async Task<IActionResult> OnPostStockAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (await ReadAsync(file, cancellationToken) is not { } request)
        {
            return Page();
        }

        var outcome = await stock.HandleAsync(SupplierId, request, cancellationToken);
        if (outcome.Succeeded)
        {
            StatusMessage = localizer["ListingImport.StockImported", outcome.Value!.Rows, outcome.Value.Listings];
            return RedirectToPage();
        }

        return Refused(outcome);
    }

    private async Task<ImportSheetRequest?> ReadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(string.Empty, localizer["Import.Empty"]);
            return null;
        }

        if (file.Length > Sheet.MaxBytes)
        {
            ModelState.AddModelError(string.Empty, localizer["Import.TooLarge", Sheet.MaxBytes / 1024 / 1024]);
            return null;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return new ImportSheetRequest(file.FileName, buffer.ToArray());
    }

    private PageResult Refused<T>(ListingOutcome<T> outcome)
    {
        LineErrors = outcome.LineErrors ?? [];
        ModelState.AddModelError(string.Empty, outcome.Detail ?? string.Join(" ", outcome.Errors?.Values.SelectMany(v => v) ?? []));
        return Page();
    }
}
