using FluentValidation;
using Marketplace.Core.Campaigns;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Web.Audit;
using Marketplace.Web.Campaigns;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Orders;

/// <summary>
/// 结算: the cart's lines go to <see cref="PlaceOrder"/> with an address, invoice title, note and a funding source the
/// user may spend. The idempotency key is made when the page renders, so a second submit of the same form finds the first order.
/// </summary>
[Authorize]
public sealed class CheckoutModel(
    Cart cart, AddressBook addresses, PlaceOrder placeOrder, IValidator<PlaceOrderRequest> validator, MarketplaceDbContext db,
    CampaignAttribution campaigns, IStringLocalizer<SharedResource> localizer) : PageModel
{
    /// <summary>The running campaign this browser came through (its link's cookie); a personal order carries it.</summary>
    public Campaign? Campaign { get; private set; }

    public CartView View { get; private set; } = new([], 0, false);

    public IReadOnlyList<SavedAddressView> Addresses { get; private set; } = [];

    /// <summary>The funding sources this user may spend; personal always.</summary>
    public IReadOnlyList<FundingSource> Funding { get; private set; } = [];

    [BindProperty]
    public CheckoutInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    private Guid UserId => AuditActors.UserId(User)!.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!View.CanCheckout)
        {
            return RedirectToPage("/Orders/Cart");
        }

        Input = new CheckoutInput
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            SavedAddressId = Addresses.FirstOrDefault(a => a.IsDefault)?.Id,
            FundingSource = FundingSource.Personal,
            ShownTotalFen = View.TotalFen,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var key = Input.IdempotencyKey ?? "";
        if (!PlaceOrder.KeyPattern().IsMatch(key))
        {
            return BadRequest();
        }

        // A repeated submit: the first one already emptied the cart, so its answer is the order it made.
        var earlier = await db.Orders.AsNoTracking().Where(o => o.BuyerUserId == UserId && o.IdempotencyKey == key).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(cancellationToken);
        if (earlier is { } orderId)
        {
            return RedirectToPage("/Orders/Detail", new { orderId });
        }

        await LoadAsync(cancellationToken);
        if (!View.CanCheckout)
        {
            ModelState.AddModelError(string.Empty, localizer["CartPage.FixProblems"]);
            return Page();
        }

        // Prices moved since the page was shown: show the new total and let the buyer submit again.
        if (Input.ShownTotalFen != View.TotalFen)
        {
            ModelState.AddModelError(string.Empty, localizer["Checkout.PricesChanged", Money.Format(View.TotalFen)]);
            Input.ShownTotalFen = View.TotalFen;
            return Page();
        }

        var newAddress = Input.SavedAddressId is null
            ? new AddressInput(Input.Recipient, Input.Phone, Input.Region, Input.Line, Input.PostalCode)
            : null;
        var request = new PlaceOrderRequest(
            [.. View.Lines.Select(l => new PlaceOrderLine(l.SkuId, l.Quantity))], Input.SavedAddressId, newAddress, Input.FundingSource,
            Input.InvoiceTitle, null, Input.Note, null);
        var validation = await validator.ValidateAsync(request, cancellationToken);
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError(FieldOf(error.PropertyName), error.ErrorMessage);
        }

        if (!validation.IsValid)
        {
            return Page();
        }

        var outcome = await placeOrder.HandleAsync(request, key, HttpContext, cancellationToken);
        switch (outcome.Failure)
        {
            case PlaceOrderFailure.None:
                break;
            case PlaceOrderFailure.FundingNotAllowed:
                ModelState.AddModelError("Input.FundingSource", localizer["Order.FundingNotAllowed"]);
                return Page();
            case PlaceOrderFailure.UnknownAddress:
                ModelState.AddModelError("Input.SavedAddressId", localizer["Address.Unknown"]);
                return Page();
            case PlaceOrderFailure.NumberUnavailable:
                ModelState.AddModelError(string.Empty, localizer["Order.NumberUnavailable"]);
                return Page();
            case PlaceOrderFailure.CampaignNotAccepted:
                ModelState.AddModelError(string.Empty, localizer["Order.CampaignNotAccepted"]);
                return Page();
            default:
                ModelState.AddModelError(string.Empty, localizer["Order.IdempotencyKeyReused"]);
                return Page();
        }

        if (newAddress is not null && Input.SaveAddress && !outcome.Replayed
            && await addresses.SaveAsync(UserId, null, new SaveAddressRequest(null, newAddress, false), cancellationToken) is null)
        {
            StatusMessage = localizer["Address.BookFull", SavedAddress.MaxPerUser];
        }

        return RedirectToPage("/Orders/Detail", new { orderId = outcome.Order!.OrderId });
    }

    private static string FieldOf(string property) => property switch
    {
        _ when property.StartsWith("Address.", StringComparison.Ordinal) => "Input." + property["Address.".Length..],
        "Address" => "Input.Recipient",
        "InvoiceTitle" or "Note" or "FundingSource" or "SavedAddressId" => "Input." + property,
        _ => string.Empty,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        View = await cart.ViewAsync(UserId, cancellationToken);
        Addresses = await addresses.ListAsync(UserId, cancellationToken);
        Funding = [.. Enum.GetValues<FundingSource>().Where(f => OrderBuyer.Of(User, f) is not null)];
        Campaign = await campaigns.RememberedAsync(HttpContext, cancellationToken);
    }

    public sealed class CheckoutInput
    {
        public string? IdempotencyKey { get; set; }

        /// <summary>The total the buyer saw when the page rendered.</summary>
        public long? ShownTotalFen { get; set; }

        public Guid? SavedAddressId { get; set; }

        public string? Recipient { get; set; }

        public string? Phone { get; set; }

        public string? Region { get; set; }

        public string? Line { get; set; }

        public string? PostalCode { get; set; }

        public bool SaveAddress { get; set; }

        public string? InvoiceTitle { get; set; }

        public string? Note { get; set; }

        public FundingSource? FundingSource { get; set; }
    }
}
