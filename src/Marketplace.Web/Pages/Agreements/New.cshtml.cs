using System.Globalization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Agreements;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Agreements;

/// <summary>
/// 签订采购协议: first the supplier, then its SKUs at locked prices (typed in yuan), the cap, the validity and the delivery
/// schedule. A unit's purchasers and admins agree for their unit; operators for the group or a unit they choose.
/// </summary>
[Authorize(Policy = AgreementsApi.PartyPolicy)]
public sealed class NewModel(
    MarketplaceDbContext db, CreateAgreement create, IValidator<CreateAgreementRequest> validator, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int ScheduleRows = 8;
    public const int SkusShown = 200;

    [BindProperty]
    public AgreementForm Form { get; set; } = new();

    public IReadOnlyList<Party> Suppliers { get; private set; } = [];

    public IReadOnlyList<Party> Buyers { get; private set; } = [];

    public IReadOnlyList<SkuChoice> Skus { get; private set; } = [];

    public bool IsOperator => User.IsOperator();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? supplierId, CancellationToken cancellationToken)
    {
        if (!MayCreate)
        {
            return Forbid();
        }

        Form.SupplierId = supplierId;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayCreate)
        {
            return Forbid();
        }

        ModelState.Clear();
        var request = ToRequest();
        foreach (var error in (await validator.ValidateAsync(request, cancellationToken)).Errors)
        {
            ModelState.AddModelError(string.Empty, error.ErrorMessage);
        }

        if (ModelState.IsValid)
        {
            var outcome = await create.HandleAsync(request, HttpContext, cancellationToken);
            if (outcome.Agreement is not null)
            {
                StatusMessage = localizer["AgreementNew.Created", outcome.Agreement.Title];
                return RedirectToPage("/Agreements/Index");
            }

            ModelState.AddModelError(string.Empty, outcome.Error!);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private bool MayCreate => User.IsOperator() || AgreementsApi.IsUnitBuyer(User);

    /// <summary>Prices typed in yuan become fen; a price or quantity that cannot be read is reported, never guessed.</summary>
    private CreateAgreementRequest ToRequest()
    {
        var items = new List<AgreementItemInput>();
        foreach (var (skuId, text) in Form.Prices.Where(p => !string.IsNullOrWhiteSpace(p.Value)))
        {
            var fen = Money.ParseYuan(text);
            if (fen is null)
            {
                ModelState.AddModelError(string.Empty, localizer["Agreement.ItemInvalid"]);
            }

            items.Add(new AgreementItemInput(skuId, fen));
        }

        var deliveries = new List<AgreementDeliveryInput>();
        foreach (var row in Form.Schedule.Where(r => r.DueOn is not null || r.SkuId is not null || !string.IsNullOrWhiteSpace(r.Quantity)))
        {
            var quantity = int.TryParse(row.Quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q : (int?)null;
            deliveries.Add(new AgreementDeliveryInput(row.DueOn, row.SkuId, quantity));
        }

        var cap = Money.ParseYuan(Form.CapYuan);
        return new CreateAgreementRequest(
            Form.Title, IsOperator ? Form.BuyerOrganizationId : null, Form.SupplierId, cap, Form.ValidFrom, Form.ValidTo, items, deliveries);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Suppliers = await db.Organizations.AsNoTracking().Where(o => o.Kind == OrganizationKind.Supplier).OrderBy(o => o.Name)
            .Select(o => new Party(o.Id, o.Name)).ToListAsync(cancellationToken);
        Buyers = IsOperator
            ? await db.Organizations.AsNoTracking().Where(o => o.Kind == OrganizationKind.Group || o.Kind == OrganizationKind.MemberUnit)
                .OrderBy(o => o.Kind).ThenBy(o => o.Name).Select(o => new Party(o.Id, o.Name)).ToListAsync(cancellationToken)
            : [];
        Skus = Form.SupplierId is { } supplierId
            ? await db.ListingSkus.AsNoTracking().Join(db.Listings.IgnoreAutoIncludes(), s => s.ListingId, l => l.Id, (s, l) => new { s, l })
                .Where(x => x.l.SupplierId == supplierId).OrderBy(x => x.l.Name).ThenBy(x => x.s.Spec).Take(SkusShown)
                .Select(x => new SkuChoice(x.s.Id, x.l.Name, x.s.Spec, x.s.PriceFen)).ToListAsync(cancellationToken)
            : [];
        while (Form.Schedule.Count < ScheduleRows)
        {
            Form.Schedule.Add(new ScheduleRow());
        }
    }

    public sealed record Party(Guid Id, string Name);

    public sealed record SkuChoice(Guid Id, string ProductName, string Spec, long CatalogPriceFen);

    public sealed class AgreementForm
    {
        public string? Title { get; set; }

        public Guid? BuyerOrganizationId { get; set; }

        public Guid? SupplierId { get; set; }

        public string? CapYuan { get; set; }

        public DateOnly? ValidFrom { get; set; }

        public DateOnly? ValidTo { get; set; }

        /// <summary>SKU id → locked price in yuan; SKUs left empty are not in the agreement.</summary>
        public Dictionary<Guid, string?> Prices { get; set; } = [];

        public List<ScheduleRow> Schedule { get; set; } = [];
    }

    public sealed class ScheduleRow
    {
        public DateOnly? DueOn { get; set; }

        public Guid? SkuId { get; set; }

        public string? Quantity { get; set; }
    }
}
