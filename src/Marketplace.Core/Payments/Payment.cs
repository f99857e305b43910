using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Payments;

/// <summary>
/// One part of an order's payment: an order is paid by one or more parts (say, a welfare allowance part and a Stripe
/// part for the rest). <see cref="PaymentSettlement"/> settles the order when the succeeded parts cover its total.
/// </summary>
public sealed class Payment
{
    public const int ReferenceMaxLength = 255;

    private Payment()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public Guid BuyerUserId { get; private set; }

    public PaymentMethod Method { get; private set; }

    public long AmountFen { get; private set; }

    public PaymentStatus Status { get; private set; }

    /// <summary>The provider's handle: the Checkout Session id, the bank transfer's reference, the wallet entry.</summary>
    public string? ExternalReference { get; private set; }

    /// <summary>Stripe's PaymentIntent, which refunds name.</summary>
    public string? ProviderPaymentId { get; private set; }

    /// <summary>Where the buyer pays (the Checkout Session's page, or the test-payment page).</summary>
    public string? CheckoutUrl { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? SucceededAt { get; private set; }

    public DateTime? EndedAt { get; private set; }

    /// <summary>Planned or made refunds of this part; never more than <see cref="AmountFen"/>.</summary>
    public long RefundedFen { get; private set; }

    public int Revision { get; private set; }

    public long RefundableFen => Status == PaymentStatus.Succeeded ? AmountFen - RefundedFen : 0;

    public static Payment Start(Guid orderId, Guid buyerUserId, PaymentMethod method, long amountFen, DateTime now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountFen);
        return new Payment
        {
            Id = Guid.CreateVersion7(now),
            OrderId = orderId,
            BuyerUserId = buyerUserId,
            Method = method,
            AmountFen = amountFen,
            Status = PaymentStatus.Pending,
            CreatedAt = now,
        };
    }

    public void Open(string externalReference, string checkoutUrl)
    {
        ExternalReference = externalReference;
        CheckoutUrl = checkoutUrl;
        Revision++;
    }

    /// <summary>Records the provider's handle of a part that has one from the start (a transfer, a wallet entry).</summary>
    public void Reference(string externalReference)
    {
        ExternalReference = externalReference;
        Revision++;
    }

    /// <summary>The money arrived; false if this part had already succeeded (a repeated notice).</summary>
    public bool Succeed(string? providerPaymentId, DateTime now)
    {
        if (Status == PaymentStatus.Succeeded)
        {
            return false;
        }

        // A late success after an expiry or failure notice still means money arrived: it counts (and is refunded if unwanted).
        Status = PaymentStatus.Succeeded;
        ProviderPaymentId = providerPaymentId ?? ProviderPaymentId;
        SucceededAt = now;
        EndedAt = null;
        Revision++;
        return true;
    }

    /// <summary>The attempt ended without money (failed or expired); a part that already succeeded stays succeeded.</summary>
    public bool End(PaymentStatus outcome, DateTime now)
    {
        if (outcome is not (PaymentStatus.Failed or PaymentStatus.Expired))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome));
        }

        if (Status != PaymentStatus.Pending)
        {
            return false;
        }

        Status = outcome;
        EndedAt = now;
        Revision++;
        return true;
    }

    internal void CountRefund(long amountFen)
    {
        if (amountFen <= 0 || amountFen > RefundableFen)
        {
            throw new InvalidOperationException($"Payment {Id} has {RefundableFen} fen to refund, not {amountFen}.");
        }

        RefundedFen += amountFen;
        Revision++;
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Method).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ExternalReference).HasMaxLength(Payment.ReferenceMaxLength);
        builder.Property(p => p.ProviderPaymentId).HasMaxLength(Payment.ReferenceMaxLength);
        builder.Property(p => p.CheckoutUrl).HasMaxLength(2000);
        builder.Property(p => p.Revision).IsConcurrencyToken();
        builder.Ignore(p => p.RefundableFen);
        builder.HasIndex(p => p.OrderId);
        builder.HasIndex(p => new { p.Method, p.ExternalReference }).IsUnique();
        builder.HasIndex(p => p.ProviderPaymentId);
        builder.HasIndex(p => p.CreatedAt);
    }
}
