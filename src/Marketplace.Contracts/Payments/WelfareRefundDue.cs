namespace Marketplace.Contracts.Payments;

/// <summary>
/// Part of an order paid with a welfare allowance (福利额度) is due back to the buyer's wallet. The payments side has
/// already counted it as refunded on the payment part; the wallet side credits <see cref="AmountFen"/> once per
/// <see cref="RefundId"/> and answers nothing.
/// </summary>
public sealed record WelfareRefundDue(Guid RefundId, Guid PaymentId, Guid OrderId, Guid BuyerUserId, string WalletReference, long AmountFen, DateTime DueAt);
