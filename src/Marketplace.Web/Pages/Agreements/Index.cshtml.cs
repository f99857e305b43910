using Marketplace.Core.Agreements;
using Marketplace.Core.Data;
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
using Microsoft.EntityFrameworkCore;
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

    public bool MayCallOff(AgreementView agreement) =>
        User.GetOrganizationId() == agreement.BuyerOrganizationId && (User.HasOrganizationRole(OrganizationRole.UnitPurchaser) || User.IsOperator());

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostConfirmAsync(Guid agreementId, Guid deliveryId, CancellationToken cancellationToken)
    {
        var agreement = await AgreementsApi.FindAsync(db, agreementId, HttpContext, cancellationToken);
        if (agreement is null || agreement.Deliveries.All(d => d.Id != deliveryId) || !(IsSupplier && User.GetOrganizationId() == agreement.SupplierId))
        {
            return NotFound();
        }

        await agreements.ConfirmCapacityAsync(agreementId, deliveryId, AuditActors.UserId(User)!.Value, cancellationToken);
        StatusMessage = localizer["AgreementsPage.Confirmed"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCallOffAsync(Guid agreementId, Guid deliveryId, AddressInput address, CancellationToken cancellationToken)
    {
        var agreement = await AgreementsApi.FindAsync(db, agreementId, HttpContext, cancellationToken);
        if (agreement is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        foreach (var error in (await addressValidator.ValidateAsync(address, cancellationToken)).Errors)
        {
            ModelState.AddModelError(string.Empty, error.ErrorMessage);
        }

        if (ModelState.IsValid)
        {
            try
            {
                await callOffs.CallOffAsync(agreementId, new CallOffRequest(AuditActors.UserId(User)!.Value, deliveryId, [], address.ToAddress(), null), cancellationToken);
                StatusMessage = localizer["AgreementsPage.CalledOff"];
                return RedirectToPage();
            }
            catch (AgreementRuleException ex)
            {
                ModelState.AddModelError(string.Empty, localizer["Agreement.Rule." + ex.Rule]);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var own = User.GetOrganizationId();
        var query = db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries).AsSplitQuery();
        var list = User.IsOperator()
            ? await query.OrderByDescending(a => a.CreatedAt).Take(100).ToListAsync(cancellationToken)
            : await query.Where(a => a.SupplierId == own || a.BuyerOrganizationId == own).OrderByDescending(a => a.CreatedAt).Take(100).ToListAsync(cancellationToken);
        var views = new List<AgreementView>();
        foreach (var agreement in list.Where(a => AgreementsApi.Sees(User, a)))
        {
            views.Add(await AgreementsApi.ViewAsync(db, agreements, agreement, cancellationToken));
        }

        Agreements = views;
    }
}
