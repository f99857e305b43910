using Marketplace.Core.Data;
using Marketplace.Core.Payments;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Marketplace.Web.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Payments;

/// <summary>
/// 测试支付: stands in for Stripe Checkout when no Stripe keys are configured. Each choice becomes the event Stripe
/// would send, signed with this process's locally generated secret, and goes through the real webhook handler. Not
/// found in Production, nor when Stripe is configured.
/// </summary>
[Authorize]
public sealed class TestModel(
    MarketplaceDbContext db, StripeWebhook webhook, WebhookSecrets secrets, IHostEnvironment environment, TimeProvider clock, IStringLocalizer<SharedResource> localizer)
    : PageModel
{
    public Payment Payment { get; private set; } = null!;

    public string OrderNumber { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid paymentId, CancellationToken cancellationToken) =>
        await LoadAsync(paymentId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid paymentId, TestPaymentChoice choice, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(paymentId, cancellationToken) || !Enum.IsDefined(choice))
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var payload = TestPaymentEvents.Build(Payment, choice, now);
        await webhook.HandleAsync(payload, TestPaymentEvents.Sign(payload, secrets.Current, now), cancellationToken);
        TempData["StatusMessage"] = localizer[choice switch
        {
            TestPaymentChoice.Pay => "TestPayment.Paid",
            TestPaymentChoice.Fail => "TestPayment.Failed",
            _ => "TestPayment.Expired",
        }].Value;
        return RedirectToPage("/Orders/Detail", new { orderId = Payment.OrderId });
    }

    private async Task<bool> LoadAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        if (environment.IsProduction() || !secrets.IsLocal)
        {
            return false;
        }

        var buyer = AuditActors.UserId(User);
        var payment = await db.Payments.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == paymentId && p.BuyerUserId == buyer && p.Method == PaymentMethod.TestPayment, cancellationToken);
        if (payment is null)
        {
            return false;
        }

        Payment = payment;
        OrderNumber = await db.Orders.AsNoTracking().Where(o => o.Id == payment.OrderId).Select(o => o.Number).SingleAsync(cancellationToken);
        return true;
    }
}
