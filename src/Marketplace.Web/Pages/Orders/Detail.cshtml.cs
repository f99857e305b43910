using FluentValidation;
using Marketplace.Core.Assistance;
using Marketplace.Core.Ordering;
using Marketplace.Core.Payments;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Marketplace.Web.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Orders;

/// <summary>
/// One order for its buyer (operators may read any): lines, sub-orders with shipments, timelines, cancel and confirm receipt,
/// and per line the after-sales requests: open one with photos, escalate a declined one.
/// </summary>
[Authorize]
[RequestSizeLimit(PhotoUploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = PhotoUploadLimit)]
public sealed class DetailModel(
    OrderViews views, CancelOrder cancel, ConfirmReceipt confirm, AfterSales afterSales, IValidator<OpenAfterSalesRequest> afterSalesValidator,
    StartCheckout checkout, AllowancePayment allowance, OrderPayments payments, ImpactQueries impact, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    /// <summary>"购买者有回报": the counties the order's lines come from and the households linked to their suppliers.</summary>
    public IReadOnlyList<CountyImpact> Impact { get; private set; } = [];

    private const int PhotoUploadLimit = (AfterSalesRequest.MaxPhotos * AfterSalesRequest.MaxPhotoBytes) + (64 * 1024);

    public OrderView Order { get; private set; } = null!;

    public ILookup<Guid, AfterSalesView> AfterSalesByLine { get; private set; } = Array.Empty<AfterSalesView>().ToLookup(r => r.LineId);

    /// <summary>The after-sales form as posted, so a refused one is shown again under its line with what was typed.</summary>
    [BindProperty]
    public AfterSalesForm? AfterSalesInput { get; set; }

    public bool IsBuyer { get; private set; }

    public IReadOnlyList<PaymentPartView> Payments { get; private set; } = [];

    /// <summary>What the buyer's welfare allowance could pay of what is due now; zero hides the choice.</summary>
    public long AllowanceQuoteFen { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid orderId, CancellationToken cancellationToken) =>
        await LoadAsync(orderId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(Guid orderId, string? reason, CancellationToken cancellationToken)
    {
        if (reason is { Length: > Core.Ordering.Order.ReasonMaxLength })
        {
            ModelState.AddModelError("reason", localizer["Validation.MaxLength", localizer["Order.CancelReason"], Core.Ordering.Order.ReasonMaxLength]);
            return await LoadAsync(orderId, cancellationToken) ? Page() : NotFound();
        }

        var outcome = await cancel.HandleAsync(orderId, AuditActors.UserId(User)!.Value, new CancelOrderRequest(reason), cancellationToken);
        return await AfterAsync(orderId, outcome, localizer["OrderPage.Cancelled"], cancellationToken);
    }

    /// <summary>
    /// 去支付: the welfare allowance first when the buyer keeps it ticked (up to the amount typed, all it can pay when
    /// left empty), then Stripe Checkout for the rest, or the test-payment page without Stripe keys.
    /// </summary>
    public async Task<IActionResult> OnPostPayAsync(Guid orderId, bool useAllowance, string? allowanceAmount, CancellationToken cancellationToken)
    {
        var buyerId = AuditActors.UserId(User)!.Value;
        var allowanceFen = 0L;
        if (useAllowance)
        {
            var asked = string.IsNullOrWhiteSpace(allowanceAmount) ? (long?)null : Money.ParseYuan(allowanceAmount) ?? 0;
            var choice = await checkout.ChooseAllowanceAsync(orderId, buyerId, asked, cancellationToken);
            if (choice.Failure == CheckoutFailure.AllowanceOutOfRange)
            {
                if (!await LoadAsync(orderId, cancellationToken))
                {
                    return NotFound();
                }

                ModelState.AddModelError("allowanceAmount", localizer["OrderPage.AllowanceFormat", Money.Format(choice.QuoteFen)]);
                return Page();
            }

            allowanceFen = choice.SpendFen;
        }

        var outcome = await checkout.HandleAsync(orderId, buyerId, PaymentsApi.SiteBaseUrl(Request), allowanceFen, cancellationToken);
        if (outcome.Failure == CheckoutFailure.None)
        {
            if (outcome.Started is { } started)
            {
                return Redirect(started.CheckoutUrl);
            }

            StatusMessage = localizer["OrderPage.PaidByAllowance", Money.Format(outcome.AllowanceFen)];
            return RedirectToPage(new { orderId });
        }

        if (outcome.Failure == CheckoutFailure.NotFound || !await LoadAsync(orderId, cancellationToken))
        {
            return NotFound();
        }

        ModelState.AddModelError(string.Empty, localizer[outcome.Failure switch
        {
            CheckoutFailure.NothingDue => "Payment.NothingDue",
            CheckoutFailure.NotConfigured => "Payment.NotConfigured",
            _ => "Payment.NotPayable",
        }]);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid orderId, Guid subOrderId, CancellationToken cancellationToken)
    {
        var outcome = await confirm.HandleAsync(orderId, subOrderId, AuditActors.UserId(User)!.Value, cancellationToken);
        return await AfterAsync(orderId, outcome, localizer["OrderPage.Received"], cancellationToken);
    }

    public async Task<IActionResult> OnPostAfterSalesAsync(Guid orderId, List<IFormFile>? photos, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(orderId, cancellationToken) || !IsBuyer)
        {
            return NotFound();
        }

        var input = AfterSalesInput ?? new AfterSalesForm();
        var line = Order.Lines.SingleOrDefault(l => l.Id == input.LineId);
        var request = new OpenAfterSalesRequest(line?.Id, input.Kind, ParseQuantity(input.Quantity), Money.ParseYuan(input.Amount), input.Reason);
        ModelState.Clear();
        if (input.Amount is { Length: > 0 } && request.AmountFen is null)
        {
            ModelState.AddModelError("AfterSalesInput.Amount", localizer["AfterSalesPage.AmountFormat"]);
        }

        if (input.Quantity is { Length: > 0 } && request.Quantity is null)
        {
            ModelState.AddModelError("AfterSalesInput.Quantity", localizer["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
        }

        foreach (var error in (await afterSalesValidator.ValidateAsync(request, cancellationToken)).Errors)
        {
            var key = "AfterSalesInput." + error.PropertyName.Replace("Fen", "", StringComparison.Ordinal);
            if (!ModelState.ContainsKey(key))
            {
                ModelState.AddModelError(key, error.ErrorMessage);
            }
        }

        if (line is not null && request.Quantity > line.Quantity - line.RefundedQuantity)
        {
            ModelState.AddModelError("AfterSalesInput.Quantity", localizer["AfterSalesPage.QuantityAtMost", line.Quantity - line.RefundedQuantity]);
        }

        if (line is not null && request.AmountFen > line.AmountFen - line.RefundedFen)
        {
            ModelState.AddModelError("AfterSalesInput.Amount", localizer["AfterSalesPage.AmountAtMost", Money.Format(line.AmountFen - line.RefundedFen)]);
        }

        var contents = await PhotosAsync(photos ?? [], cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (_, outcome) = await afterSales.OpenAsync(orderId, AuditActors.UserId(User)!.Value, request, contents, cancellationToken);
        if (outcome.Failure == OrderChangeFailure.NotAllowed)
        {
            ModelState.AddModelError(string.Empty, localizer["AfterSales.NotAllowed"]);
            return Page();
        }

        return await AfterAsync(orderId, outcome, localizer["AfterSalesPage.Opened"], cancellationToken);
    }

    public async Task<IActionResult> OnPostEscalateAsync(Guid orderId, Guid requestId, CancellationToken cancellationToken) =>
        await AfterAsync(orderId, await afterSales.EscalateAsync(orderId, requestId, AuditActors.UserId(User)!.Value, cancellationToken), localizer["AfterSalesPage.Escalated"], cancellationToken);

    /// <summary>The photos' bytes once each is checked to be a JPEG or PNG within the size limit; errors go to the form.</summary>
    private async Task<IReadOnlyList<byte[]>> PhotosAsync(List<IFormFile> photos, CancellationToken cancellationToken)
    {
        if (photos.Count > AfterSalesRequest.MaxPhotos)
        {
            ModelState.AddModelError("Photos", localizer["AfterSalesPage.TooManyPhotos", AfterSalesRequest.MaxPhotos]);
            return [];
        }

        var contents = new List<byte[]>();
        foreach (var photo in photos)
        {
            if (photo.Length > AfterSalesRequest.MaxPhotoBytes)
            {
                ModelState.AddModelError("Photos", localizer["AfterSales.PhotoTooLarge", AfterSalesRequest.MaxPhotoBytes / 1024 / 1024]);
                continue;
            }

            using var buffer = new MemoryStream();
            await photo.CopyToAsync(buffer, cancellationToken);
            if (AfterSalesPhoto.Sniff(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is null)
            {
                ModelState.AddModelError("Photos", localizer["AfterSalesPage.NotAPhoto", photo.FileName]);
                continue;
            }

            contents.Add(buffer.ToArray());
        }

        return contents;
    }

    private static int? ParseQuantity(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var quantity) ? quantity : null;

    private async Task<IActionResult> AfterAsync(Guid orderId, OrderChangeOutcome outcome, string done, CancellationToken cancellationToken)
    {
        if (outcome.Failure == OrderChangeFailure.None)
        {
            StatusMessage = done;
            return RedirectToPage(new { orderId });
        }

        if (outcome.Failure == OrderChangeFailure.NotFound || !await LoadAsync(orderId, cancellationToken))
        {
            return NotFound();
        }

        ModelState.AddModelError(string.Empty, outcome.Failure == OrderChangeFailure.Conflict ? localizer["Order.ChangedMeanwhile"] : localizer["Order.NotAllowedNow"]);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid orderId, CancellationToken cancellationToken)
    {
        IsBuyer = await views.IsBuyerAsync(orderId, AuditActors.UserId(User), cancellationToken);
        if (!IsBuyer && !User.IsOperator())
        {
            return false;
        }

        Order = (await views.FindAsync(orderId, cancellationToken))!;
        if (Order is null)
        {
            return false;
        }

        AfterSalesByLine = (await afterSales.ForOrderAsync(orderId, cancellationToken)).ToLookup(r => r.LineId);
        Payments = await payments.ForOrderAsync(orderId, cancellationToken);
        AllowanceQuoteFen = IsBuyer && Order.Status == OrderStatus.AwaitingPayment && !PaymentConfirming
            ? await allowance.QuoteAsync(orderId, AuditActors.UserId(User)!.Value, cancellationToken)
            : 0;
        Impact = await impact.OrderAsync(orderId, Core.Suppliers.ChinaCalendar.Today(clock), cancellationToken);
        return true;
    }

    /// <summary>Whether the buyer may open a request on <paramref name="line"/> now: a paid order, something left, nothing open.</summary>
    public bool MayOpenAfterSales(OrderLineView line) =>
        IsBuyer && Order.Status is (OrderStatus.Paid or OrderStatus.Completed) && line.SubOrderId is not null
        && line.AmountFen > line.RefundedFen && !AfterSalesByLine[line.Id].Any(r => r.Status is AfterSalesStatus.Requested or AfterSalesStatus.DeclinedBySupplier or AfterSalesStatus.Escalated);

    public static bool IsStillDeciding(OrderStatus status) => status == OrderStatus.Submitted;

    /// <summary>
    /// The parts already cover the order but the order service has not yet marked it paid: the page waits for it
    /// instead of offering to pay again.
    /// </summary>
    public bool PaymentConfirming =>
        Order.Status == OrderStatus.AwaitingPayment
        && Payments.Where(p => p.Status == PaymentStatus.Succeeded).Sum(p => p.AmountFen - p.RefundedFen) >= Order.TotalFen;
}

/// <summary>The after-sales form under a line: quantity and yuan as typed, read exactly on the server.</summary>
public sealed class AfterSalesForm
{
    public Guid? LineId { get; set; }

    public AfterSalesKind? Kind { get; set; }

    public string? Quantity { get; set; }

    public string? Amount { get; set; }

    public string? Reason { get; set; }
}
