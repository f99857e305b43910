using Marketplace.Core.Ordering;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Marketplace.Web.UnitOrders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>
/// 集体采购 for a unit's purchasers: a bulk order (quick-order grid, pasted rows or an uploaded sheet) or a uniform
/// order from a roster; check lists every bad line, submit places the order only when all are good; drafts resume.
/// </summary>
[Authorize(Policy = UnitOrdersApi.PurchaserPolicy)]
[RequestSizeLimit(UnitOrdersApi.MaxBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = UnitOrdersApi.MaxBytes + (64 * 1024), ValueLengthLimit = (int)UnitOrdersApi.MaxBytes)]
public sealed class BulkOrderModel(
    CheckUnitOrder check, SubmitUnitOrder submit, UnitOrderDrafts drafts, AddressBook book, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int TotalsShown = 100;

    [BindProperty]
    public OrderKind Kind { get; set; } = OrderKind.Bulk;

    [BindProperty]
    public Guid? SavedAddressId { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? PoNumber { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? DraftName { get; set; }

    [BindProperty]
    public Guid? DraftId { get; set; }

    /// <summary>Made when the page is first shown: submitting the same form twice places one order.</summary>
    [BindProperty]
    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>The check reports its progress under this token; the page polls it while the server checks the lines.</summary>
    [BindProperty]
    public Guid ProgressToken { get; set; } = Guid.NewGuid();

    public IReadOnlyList<SavedAddressView> Addresses { get; private set; } = [];

    public IReadOnlyList<UnitOrderDraftSummary> Drafts { get; private set; } = [];

    public UnitOrderCheckResult? Result { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    private Guid UserId => AuditActors.UserId(User)!.Value;

    public async Task OnGetAsync(Guid? draft, CancellationToken cancellationToken)
    {
        if (draft is { } id && await drafts.FindAsync(UserId, id, cancellationToken) is { } found)
        {
            (Kind, Text, PoNumber, Note, DraftName, DraftId) = (found.Kind, found.Content, found.PoNumber, found.Note, found.Name, found.Id);
        }

        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (await InputAsync(file, cancellationToken) is { } input)
        {
            var (checkedOrder, refused) = await check.HandleAsync(UserId, input, cancellationToken);
            Show(checkedOrder?.Result, refused);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (await InputAsync(file, cancellationToken) is { } input)
        {
            var outcome = await submit.HandleAsync(input, IdempotencyKey, HttpContext, cancellationToken);
            if (outcome.Failure == UnitOrderFailure.None)
            {
                StatusMessage = localizer["UnitOrderPage.Placed", outcome.Order!.Number];
                return RedirectToPage("/Orders/Detail", new { orderId = outcome.Order.OrderId });
            }

            Show(outcome.Check, outcome.Refusal);
            if (outcome.Failure is UnitOrderFailure.FundingNotAllowed or UnitOrderFailure.KeyReused or UnitOrderFailure.NumberUnavailable)
            {
                ModelState.AddModelError(string.Empty, localizer[outcome.Failure switch
                {
                    UnitOrderFailure.KeyReused => "Order.IdempotencyKeyReused",
                    UnitOrderFailure.NumberUnavailable => "Order.NumberUnavailable",
                    _ => "Order.FundingNotAllowed",
                }]);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveDraftAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        var content = file is { Length: > 0 } ? UnitOrderSheets.AsText(await ReadAsync(file, cancellationToken)) : Text ?? "";
        var name = string.IsNullOrWhiteSpace(DraftName) ? $"{localizer["UnitOrderPage." + Kind]} {ChinaCalendar.DateOf(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}" : DraftName;
        var saved = content.Length <= UnitOrderDraft.MaxContentChars && name.Length <= UnitOrderDraft.NameMaxLength
            ? await drafts.SaveAsync(User, DraftId, new SaveUnitOrderDraftRequest(Kind, name, content, PoNumber, Note), cancellationToken)
            : null;
        if (saved is null)
        {
            ModelState.AddModelError(string.Empty, localizer["UnitOrder.DraftsFull", UnitOrderDraft.MaxPerUser]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        StatusMessage = localizer["UnitOrderPage.DraftSaved"];
        return RedirectToPage(new { draft = saved.Id });
    }

    private void Show(UnitOrderCheckResult? result, UnitOrderRefusal? refused)
    {
        Result = result;
        if (refused is not null)
        {
            ModelState.AddModelError(string.Empty, refused.Message);
        }
    }

    private async Task<UnitOrderInput?> InputAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (Kind is not (OrderKind.Bulk or OrderKind.Uniform))
        {
            ModelState.AddModelError(string.Empty, localizer["UnitOrder.KindInvalid"]);
            return null;
        }

        var content = file is { Length: > 0 } ? await ReadAsync(file, cancellationToken) : UnitOrderSheets.FromPastedText(Text ?? "");
        return new UnitOrderInput(
            Kind, content, SavedAddressId, Truncated(PoNumber, Order.PoNumberMaxLength), Truncated(Note, Order.NoteMaxLength), ProgressToken == Guid.Empty ? null : ProgressToken);
    }

    private static string? Truncated(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Addresses = await book.ListAsync(UserId, cancellationToken);
        Drafts = await drafts.ListAsync(UserId, cancellationToken);
    }
}
