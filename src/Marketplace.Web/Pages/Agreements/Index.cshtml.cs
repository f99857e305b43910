using Marketplace.Core.Agreements;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Agreements;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Agreements;

/// <summary>
/// 采购协议 for both sides: each agreement with its use against the cap (a warning from 90 %), its schedule, call-off
/// buttons for the unit's purchasers and capacity confirmations for the supplier's members.
/// </summary>
[Authorize(Policy = AgreementsApi.PartyPolicy)]
public sealed class IndexModel(
    MarketplaceDbContext db, Core.Agreements.Agreements agreements, AgreementCallOffs callOffs, IValidator<AddressInput> addressValidator,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<AgreementView> Agreements { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public bool IsSupplier => User.IsMemberOf(OrganizationKind.Supplier);

    /// <summary>Made when the page renders: submitting the same call-off form twice makes one call-off.</summary>
    public string IdempotencyKey { get; } = Guid.NewGuid().ToString("N");

    public bool MayCreate => User.IsOperator() || AgreementsApi.IsUnitBuyer(User);

    public bool MayCallOff(AgreementView agreement) => AgreementsApi.MayCallOff(User, agreement.BuyerOrganizationId, agreement.OfGroup);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostConfirmAsync(Guid agreementId, Guid deliveryId, CancellationToken cancellationToken)
    {
        var agreement = (await AgreementsApi.FindAsync(db, agreementId, HttpContext, cancellationToken))?.Agreement;
        if (agreement is null || agreement.Deliveries.All(d => d.Id != deliveryId) || !(IsSupplier && User.GetOrganizationId() == agreement.SupplierId))
        {
            return NotFound();
        }

        await agreements.ConfirmCapacityAsync(agreementId, deliveryId, AuditActors.Of(HttpContext), cancellationToken);
        StatusMessage = localizer["AgreementsPage.Confirmed"];
        return RedirectToPage();
    }

    /// <summary>A scheduled delivery (<paramref name="deliveryId"/>), or on demand the quantities typed per agreed SKU (<c>quantities[skuId]</c>).</summary>
    public async Task<IActionResult> OnPostCallOffAsync(
        Guid agreementId, Guid? deliveryId, Dictionary<Guid, string>? quantities, AddressInput address, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var found = await AgreementsApi.FindAsync(db, agreementId, HttpContext, cancellationToken);
        if (found is not { } f || !AgreementsApi.MayCallOff(User, f.Agreement.BuyerOrganizationId, f.OfGroup))
        {
            return NotFound();
        }

        ModelState.Clear();
        var lines = new List<RequestedLine>();
        if (deliveryId is null)
        {
            foreach (var (skuId, text) in (quantities ?? []).Where(q => !string.IsNullOrWhiteSpace(q.Value)))
            {
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var quantity)
                    && quantity is > 0 and <= OrderingOptions.MaxQuantityPerLine)
                {
                    lines.Add(new RequestedLine(skuId, quantity));
                }
                else
                {
                    ModelState.AddModelError(string.Empty, localizer["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
                }
            }

            if (ModelState.IsValid && lines.Count == 0)
            {
                ModelState.AddModelError(string.Empty, localizer["Agreement.CallOffWhat"]);
            }
        }

        foreach (var error in (await addressValidator.ValidateAsync(address, cancellationToken)).Errors)
        {
            ModelState.AddModelError(string.Empty, error.ErrorMessage);
        }

        if (idempotencyKey is null || !PlaceOrder.KeyPattern().IsMatch(idempotencyKey))
        {
            ModelState.AddModelError(string.Empty, localizer["Order.IdempotencyKey"]);
        }

        if (ModelState.IsValid)
        {
            var answer = await CallOffs.TryAsync(callOffs, agreementId, new CallOffRequest(
                AuditActors.UserId(User)!.Value, User.GetOrganizationId()!.Value, deliveryId, lines, address.ToAddress(), null, idempotencyKey!, AuditActors.Of(HttpContext)),
                cancellationToken);
            if (answer.Order is not null)
            {
                StatusMessage = localizer["AgreementsPage.CalledOff"];
                return RedirectToPage();
            }

            ModelState.AddModelError(string.Empty, localizer["Agreement.Rule." + answer.Rule]);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Agreements = await AgreementsApi.VisibleAsync(db, agreements, User, 100, cancellationToken);
}
