using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Payments;

/// <summary>
/// Money going back from one payment part to where it came from. Planned in the transaction that decided it (its
/// amount is counted on the part at once, so a repeated decision never refunds twice); sent to the provider after.
/// Its id is the idempotency key of the provider call.
/// </summary>
public sealed class PaymentRefund
{
    public const int CauseMaxLength = 80;

    private PaymentRefund()
    {
    }

    public Guid Id { get; private set; }

    public Guid PaymentId { get; private set; }

    public Guid OrderId { get; private set; }

    public PaymentMethod Method { get; private set; }

    public long AmountFen { get; private set; }

    public RefundStatus Status { get; private set; }

    /// <summary>Why: <see cref="RefundCauses"/>.</summary>
    public string Cause { get; private set; } = "";

    /// <summary>The provider's refund id (Stripe <c>re_…</c>), or finance's bank reference.</summary>
    public string? ExternalReference { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public int Revision { get; private set; }

    internal static PaymentRefund Plan(Payment payment, long amountFen, string cause, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PaymentId = payment.Id,
        OrderId = payment.OrderId,
        Method = payment.Method,
        AmountFen = amountFen,
        Cause = cause.Length > CauseMaxLength ? cause[..CauseMaxLength] : cause,
        Status = payment.Method switch
        {
            PaymentMethod.CorporateTransfer => RefundStatus.DueByFinance,
            PaymentMethod.WelfareAllowance => RefundStatus.DueToWallet,
            _ => RefundStatus.Pending,
        },
        CreatedAt = now,
    };

    /// <summary>The provider answered; <paramref name="providerStatus"/> is Stripe's refund status.</summary>
    public void Answered(string? externalReference, string? providerStatus, DateTime now)
    {
        ExternalReference = externalReference ?? ExternalReference;
        Status = providerStatus switch
        {
            "succeeded" => RefundStatus.Succeeded,
            "failed" or "canceled" => RefundStatus.Failed,
            _ => RefundStatus.Processing,
        };
        CompletedAt = Status is RefundStatus.Succeeded or RefundStatus.Failed ? now : null;
        Revision++;
    }

    /// <summary>Paid back outside a provider (finance's bank transfer), or returned by a provider that needs no call.</summary>
    public void Complete(string? externalReference, DateTime now)
    {
        ExternalReference = externalReference ?? ExternalReference;
        Status = RefundStatus.Succeeded;
        CompletedAt = now;
        Revision++;
    }
}

/// <summary>The causes a refund records.</summary>
public static class RefundCauses
{
    public const string OrderCancelled = "order-cancelled";

    /// <summary>An after-sales refund or a supplier's refusal: followed by the <c>OrderRefunded</c> event's refund id.</summary>
    public const string OrderRefunded = "order-refunded:";

    /// <summary>Money arrived for an order that no longer waits for it (cancelled, expired, already paid).</summary>
    public const string OrderNotAwaitingPayment = "order-not-awaiting-payment";

    /// <summary>The part took the paid amount beyond the order's total.</summary>
    public const string Overpaid = "overpaid";
}

internal sealed class PaymentRefundConfiguration : IEntityTypeConfiguration<PaymentRefund>
{
    public void Configure(EntityTypeBuilder<PaymentRefund> builder)
    {
        builder.ToTable("payment_refunds");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Method).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Cause).HasMaxLength(PaymentRefund.CauseMaxLength);
        builder.Property(r => r.ExternalReference).HasMaxLength(Payment.ReferenceMaxLength);
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.HasIndex(r => r.PaymentId);
        builder.HasIndex(r => r.OrderId);
        builder.HasIndex(r => r.ExternalReference);
        builder.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}
