namespace Marketplace.Core.Payments;

public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    public StripeOptions Stripe { get; set; } = new();

    public CorporateTransferOptions CorporateTransfer { get; set; } = new();
}

public enum TransferConfirmer
{
    Operator,
    Supplier,
}

/// <summary>对公转账: the group's account units transfer to, and who confirms that the money arrived.</summary>
public sealed class CorporateTransferOptions
{
    public string? PayeeName { get; set; }

    public string? BankName { get; set; }

    public string? AccountNumber { get; set; }

    /// <summary>Operators confirm receipt (the group collects), or the selling supplier does (it collects directly).</summary>
    public TransferConfirmer ConfirmedBy { get; set; } = TransferConfirmer.Operator;
}

/// <summary>
/// Stripe's keys come from user secrets or the environment (<c>Payments__Stripe__SecretKey</c>,
/// <c>Payments__Stripe__WebhookSecret</c>), never from the repository. Without a secret key the test-payment page
/// stands in for Checkout (never in Production).
/// </summary>
public sealed class StripeOptions
{
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_…</c>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How old a signed webhook may be; older ones are refused as replays.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Another address for Stripe's API (tests point it at a local server); unset: Stripe's own.</summary>
    public string? ApiBase { get; set; }

    /// <summary>How long a Checkout Session stays open; Stripe accepts 30 minutes to 24 hours.</summary>
    public TimeSpan CheckoutLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);
}
