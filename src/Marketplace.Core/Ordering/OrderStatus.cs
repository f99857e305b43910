using System.Text.Json.Serialization;

namespace Marketplace.Core.Ordering;

/// <summary>An order's life; <see cref="OrderTransitions"/> says which step may follow which.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    /// <summary>Stored by the web host; the order service has not decided yet.</summary>
    Submitted,

    /// <summary>The order service refused it (per-line reasons); nothing reserved.</summary>
    Rejected,

    /// <summary>Placed, stock held, waiting for the unit's approver.</summary>
    AwaitingApproval,

    /// <summary>Placed, stock held until the payment deadline.</summary>
    AwaitingPayment,

    /// <summary>Paid in full; its sub-orders go to their suppliers.</summary>
    Paid,

    /// <summary>Every sub-order is completed, cancelled or refused.</summary>
    Completed,

    /// <summary>Cancelled before shipment; stock released, payment refunded.</summary>
    Cancelled,
}

/// <summary>A supplier's part of an order (子订单).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubOrderStatus>))]
public enum SubOrderStatus
{
    /// <summary>The order is not paid yet.</summary>
    Pending,
    AwaitingAcceptance,
    Accepted,
    PartiallyShipped,
    Shipped,
    Delivered,
    Completed,

    /// <summary>The supplier could not fulfil it; its lines are refunded.</summary>
    Refused,
    Cancelled,
}

/// <summary>渠道: how the order came.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderChannel>))]
public enum OrderChannel
{
    /// <summary>An employee buying for themselves or family.</summary>
    EmployeePersonal,

    /// <summary>A unit's collective purchase (集体采购).</summary>
    UnitCollective,

    /// <summary>The public, through a help-sell campaign.</summary>
    Public,
}

/// <summary>资金来源: whose money pays (decides 直接采购 vs 帮助销售).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FundingSource>))]
public enum FundingSource
{
    Personal,
    WelfareAllowance,
    UnitProcurement,
    UnionFund,
}
