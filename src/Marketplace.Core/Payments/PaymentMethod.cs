using System.Text.Json.Serialization;

namespace Marketplace.Core.Payments;

/// <summary>Where the money of one payment part comes from, and so where a refund of it goes back to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentMethod>))]
public enum PaymentMethod
{
    /// <summary>Stripe Checkout: card, Alipay or WeChat Pay in CNY.</summary>
    Stripe,

    /// <summary>The test-payment page that stands in for Stripe Checkout when no Stripe keys are configured (never in Production).</summary>
    TestPayment,

    /// <summary>对公转账: a unit's bank transfer, confirmed on receipt.</summary>
    CorporateTransfer,

    /// <summary>福利额度: spent from the buyer's welfare allowance wallet (the wallet side records the part).</summary>
    WelfareAllowance,
}

[JsonConverter(typeof(JsonStringEnumConverter<PaymentStatus>))]
public enum PaymentStatus
{
    /// <summary>Started (a checkout session is open, a transfer is announced); no money yet.</summary>
    Pending,

    /// <summary>The money arrived; refunds are counted in <see cref="Payment.RefundedFen"/>.</summary>
    Succeeded,

    Failed,

    /// <summary>The checkout session ran out before the buyer paid.</summary>
    Expired,
}

[JsonConverter(typeof(JsonStringEnumConverter<RefundStatus>))]
public enum RefundStatus
{
    /// <summary>Planned; a <c>RefundPayment</c> command is on its way to the payment provider.</summary>
    Pending,

    /// <summary>The provider took it and has not finished (Stripe's "pending").</summary>
    Processing,

    Succeeded,

    /// <summary>The provider refused or failed it; reconciliation lists it for a person to resolve.</summary>
    Failed,

    /// <summary>A corporate transfer to pay back: the group's finance pays it by bank and records it.</summary>
    DueByFinance,

    /// <summary>A welfare allowance part: <c>WelfareRefundDue</c> tells the wallet side to credit it.</summary>
    DueToWallet,
}
