using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Welfare;

[JsonConverter(typeof(JsonStringEnumConverter<WelfareEntryKind>))]
public enum WelfareEntryKind
{
    Grant,
    Spend,
    Refund,
    Expire,
}

/// <summary>
/// One movement of a wallet, signed: grants and refunds add, spending and expiry take away. Entries are only ever
/// added; a wallet's balance always equals the sum of its entries.
/// </summary>
public sealed class WelfareLedgerEntry
{
    public const int RefundKeyMaxLength = 100;

    private WelfareLedgerEntry()
    {
    }

    private WelfareLedgerEntry(Guid walletId, Guid programmeId, Guid userId, WelfareEntryKind kind, long amountFen, DateTime at)
    {
        Id = Guid.CreateVersion7(at);
        WalletId = walletId;
        ProgrammeId = programmeId;
        UserId = userId;
        Kind = kind;
        AmountFen = amountFen;
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid WalletId { get; private set; }

    public Guid ProgrammeId { get; private set; }

    public Guid UserId { get; private set; }

    public WelfareEntryKind Kind { get; private set; }

    /// <summary>Signed fen: positive for Grant and Refund, negative for Spend and Expire.</summary>
    public long AmountFen { get; private set; }

    public Guid? OrderId { get; private set; }

    public Guid? OrderLineId { get; private set; }

    /// <summary>The caller's id of a refund (a cancellation, an after-sales request): the same key refunds once.</summary>
    public string? RefundKey { get; private set; }

    /// <summary>Who granted (spending, refunds and expiry are the system's).</summary>
    public Guid? ActorUserId { get; private set; }

    public DateTime At { get; private set; }

    internal static WelfareLedgerEntry Grant(WelfareWallet wallet, Guid actorUserId, DateTime at) =>
        new(wallet.Id, wallet.ProgrammeId, wallet.UserId, WelfareEntryKind.Grant, wallet.BalanceFen, at) { ActorUserId = actorUserId };

    internal static WelfareLedgerEntry Credit(WelfareWallet wallet, long amountFen, Guid actorUserId, DateTime at) =>
        new(wallet.Id, wallet.ProgrammeId, wallet.UserId, WelfareEntryKind.Grant, amountFen, at) { ActorUserId = actorUserId };

    internal static WelfareLedgerEntry Spend(WelfarePart part, Guid userId, Guid orderId, DateTime at) =>
        new(part.WalletId, part.ProgrammeId, userId, WelfareEntryKind.Spend, -part.AmountFen, at) { OrderId = orderId, OrderLineId = part.LineId };

    internal static WelfareLedgerEntry Refund(WelfarePart part, Guid userId, Guid orderId, string refundKey, DateTime at) =>
        new(part.WalletId, part.ProgrammeId, userId, WelfareEntryKind.Refund, part.AmountFen, at) { OrderId = orderId, OrderLineId = part.LineId, RefundKey = refundKey };

    /// <summary>A refund that reached an expired wallet lapses at once: the money went back to the programme, not to the employee.</summary>
    internal static WelfareLedgerEntry ExpireRefund(WelfarePart part, Guid userId, Guid orderId, string refundKey, DateTime at) =>
        new(part.WalletId, part.ProgrammeId, userId, WelfareEntryKind.Expire, -part.AmountFen, at) { OrderId = orderId, OrderLineId = part.LineId, RefundKey = refundKey };

    internal static WelfareLedgerEntry Expire(Guid walletId, Guid programmeId, Guid userId, long balanceFen, DateTime at) =>
        new(walletId, programmeId, userId, WelfareEntryKind.Expire, -balanceFen, at);
}

internal sealed class WelfareLedgerEntryConfiguration : IEntityTypeConfiguration<WelfareLedgerEntry>
{
    public void Configure(EntityTypeBuilder<WelfareLedgerEntry> builder)
    {
        builder.ToTable("welfare_ledger_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.RefundKey).HasMaxLength(WelfareLedgerEntry.RefundKeyMaxLength);
        builder.HasIndex(e => new { e.WalletId, e.At });
        builder.HasIndex(e => new { e.ProgrammeId, e.Kind });
        // An order spends from a wallet for a line once, however often the payment side asks.
        builder.HasIndex(e => new { e.OrderId, e.OrderLineId, e.WalletId }).IsUnique().HasFilter("kind = 'Spend'")
            .HasDatabaseName("ix_welfare_ledger_entries_one_spend");
        builder.HasIndex(e => new { e.OrderId, e.RefundKey, e.OrderLineId, e.WalletId, e.Kind }).IsUnique().HasFilter("refund_key IS NOT NULL")
            .HasDatabaseName("ix_welfare_ledger_entries_one_refund");
        builder.HasOne<WelfareWallet>().WithMany().HasForeignKey(e => e.WalletId).OnDelete(DeleteBehavior.Restrict);
    }
}
