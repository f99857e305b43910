using System.Text.Json.Serialization;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>What the buyer asks for: money back only, or sending goods back for money.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AfterSalesKind>))]
public enum AfterSalesKind
{
    /// <summary>仅退款: e.g. spoiled fruit, nothing to send back.</summary>
    RefundOnly,

    /// <summary>退货退款.</summary>
    ReturnAndRefund,
}

/// <summary>
/// Requested → agreed by the supplier (refunded at once), or declined → the buyer may escalate → the operator decides.
/// A decision for the buyer refunds the line through <see cref="Order.Refund"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AfterSalesStatus>))]
public enum AfterSalesStatus
{
    Requested,
    DeclinedBySupplier,
    Escalated,
    Refunded,
    Closed,
}

/// <summary>售后申请 on one order line, with the buyer's reason and photos.</summary>
public sealed class AfterSalesRequest
{
    public const int ReasonMaxLength = 500;
    public const int MaxPhotos = 3;
    public const int MaxPhotoBytes = 5 * 1024 * 1024;

    private AfterSalesRequest()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public Guid LineId { get; private set; }

    public Guid SubOrderId { get; private set; }

    public Guid SupplierId { get; private set; }

    public Guid BuyerUserId { get; private set; }

    public AfterSalesKind Kind { get; private set; }

    public int Quantity { get; private set; }

    public long AmountFen { get; private set; }

    public string Reason { get; private set; } = "";

    public AfterSalesStatus Status { get; private set; }

    /// <summary>Why the supplier declined, or how the operator decided.</summary>
    public string? Response { get; private set; }

    public Guid? DecidedByUserId { get; private set; }

    public DateTime RequestedAt { get; private set; }

    public DateTime? RespondedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public int Revision { get; private set; }

    /// <summary>Opens a request on a line of a paid or completed order, for at most what is still unrefunded.</summary>
    public static AfterSalesRequest Open(Order order, Guid lineId, AfterSalesKind kind, int quantity, long amountFen, string reason, DateTime now)
    {
        if (order.Status is not (OrderStatus.Paid or OrderStatus.Completed))
        {
            throw new OrderRuleException(OrderRule.NotAllowedInStatus, $"Order {order.Number} is {order.Status}; after-sales needs a paid order.");
        }

        var line = order.Lines.SingleOrDefault(l => l.Id == lineId)
            ?? throw new OrderRuleException(OrderRule.OutOfRange, $"No line {lineId} in order {order.Number}.");
        if (quantity < 0 || quantity > line.Quantity - line.RefundedQuantity || amountFen <= 0 || amountFen > line.AmountFen - line.RefundedFen)
        {
            throw new OrderRuleException(OrderRule.OutOfRange, "The quantity and amount must be within what is left of the line.");
        }

        var trimmed = reason.Trim();
        if (trimmed.Length is 0 or > ReasonMaxLength)
        {
            throw new OrderRuleException(OrderRule.OutOfRange, $"A reason has 1 to {ReasonMaxLength} characters.");
        }

        return new AfterSalesRequest
        {
            Id = Guid.CreateVersion7(now),
            OrderId = order.Id,
            LineId = lineId,
            SubOrderId = line.SubOrderId!.Value,
            SupplierId = line.SupplierId!.Value,
            BuyerUserId = order.BuyerUserId,
            Kind = kind,
            Quantity = quantity,
            AmountFen = amountFen,
            Reason = trimmed,
            Status = AfterSalesStatus.Requested,
            RequestedAt = now,
        };
    }

    public bool IsOpen => Status is AfterSalesStatus.Requested or AfterSalesStatus.DeclinedBySupplier or AfterSalesStatus.Escalated;

    /// <summary>The supplier agrees: the refund is made on the order (the caller adds its event to the outbox).</summary>
    public OrderRefunded Agree(Order order, Guid supplierUserId, DateTime now)
    {
        Require(AfterSalesStatus.Requested);
        return RefundOn(order, supplierUserId, null, now);
    }

    public void Decline(string reason, Guid supplierUserId, DateTime now)
    {
        Require(AfterSalesStatus.Requested);
        Status = AfterSalesStatus.DeclinedBySupplier;
        Response = RequiredReason(reason);
        DecidedByUserId = supplierUserId;
        RespondedAt = now;
        Revision++;
    }

    /// <summary>The buyer does not accept the supplier's refusal and asks the operator.</summary>
    public void Escalate(DateTime now)
    {
        Require(AfterSalesStatus.DeclinedBySupplier);
        Status = AfterSalesStatus.Escalated;
        RespondedAt = now;
        Revision++;
    }

    /// <summary>The operator decides an escalated (or still unanswered) request; for the buyer it refunds.</summary>
    public OrderRefunded? Decide(Order order, bool forBuyer, string reason, Guid operatorUserId, DateTime now)
    {
        Require(AfterSalesStatus.Escalated, AfterSalesStatus.Requested);
        if (forBuyer)
        {
            return RefundOn(order, operatorUserId, RequiredReason(reason), now);
        }

        Status = AfterSalesStatus.Closed;
        Response = RequiredReason(reason);
        DecidedByUserId = operatorUserId;
        ClosedAt = now;
        Revision++;
        return null;
    }

    private OrderRefunded RefundOn(Order order, Guid decidedBy, string? response, DateTime now)
    {
        var refunded = order.Refund([(LineId, Quantity, AmountFen)], now);
        Status = AfterSalesStatus.Refunded;
        Response = response ?? Response;
        DecidedByUserId = decidedBy;
        ClosedAt = now;
        Revision++;
        return refunded;
    }

    private void Require(params AfterSalesStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new OrderRuleException(OrderRule.NotAllowedInStatus, $"The after-sales request is {Status}.");
        }
    }

    private static string RequiredReason(string reason)
    {
        var trimmed = reason.Trim();
        return trimmed.Length is 0 or > ReasonMaxLength
            ? throw new OrderRuleException(OrderRule.OutOfRange, $"A reason has 1 to {ReasonMaxLength} characters.")
            : trimmed;
    }
}

/// <summary>A photo the buyer attached: stored as sent after its content was checked to be a JPEG or PNG; served only to the parties.</summary>
public sealed class AfterSalesPhoto
{
    private AfterSalesPhoto()
    {
    }

    public AfterSalesPhoto(Guid requestId, string contentType, byte[] content, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        RequestId = requestId;
        ContentType = contentType;
        Content = content;
        UploadedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public string ContentType { get; private set; } = "";

    public byte[] Content { get; private set; } = [];

    public DateTime UploadedAt { get; private set; }

    /// <summary>The content type from the file's first bytes, or null when it is neither JPEG nor PNG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;
}

internal sealed class AfterSalesRequestConfiguration : IEntityTypeConfiguration<AfterSalesRequest>
{
    public void Configure(EntityTypeBuilder<AfterSalesRequest> builder)
    {
        builder.ToTable("after_sales_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(AfterSalesRequest.ReasonMaxLength);
        builder.Property(r => r.Response).HasMaxLength(AfterSalesRequest.ReasonMaxLength);
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.HasIndex(r => r.OrderId);
        builder.HasIndex(r => new { r.SupplierId, r.Status });
        builder.HasIndex(r => r.Status);
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(r => r.BuyerUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AfterSalesPhotoConfiguration : IEntityTypeConfiguration<AfterSalesPhoto>
{
    public void Configure(EntityTypeBuilder<AfterSalesPhoto> builder)
    {
        builder.ToTable("after_sales_photos");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.ContentType).HasMaxLength(32);
        builder.HasIndex(p => p.RequestId);
        builder.HasOne<AfterSalesRequest>().WithMany().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
