namespace Marketplace.Contracts.Ordering;

/// <summary>
/// An order is paid in full. It carries everything the assistance ledger records per line, as it was when the
/// order was placed, so the ledger never reads a catalog that has changed since.
/// </summary>
public sealed record OrderPaid(
    Guid OrderId,
    string OrderNumber,
    Guid BuyerUserId,
    Guid? BuyerUnitId,
    string Channel,
    string FundingSource,
    string? CampaignCode,
    long TotalFen,
    DateTime PaidAt,
    IReadOnlyList<PaidLine> Lines);

/// <summary>
/// One paid line. <see cref="AllowanceFen"/> is the part of <see cref="AmountFen"/> paid from a welfare allowance (the
/// group's money); zero in messages from before it existed.
/// </summary>
public sealed record PaidLine(
    Guid LineId,
    Guid SubOrderId,
    Guid SupplierId,
    Guid ListingId,
    Guid SkuId,
    string CountyCode,
    string Category,
    int Quantity,
    long UnitPriceFen,
    long AmountFen,
    long AllowanceFen = 0);
