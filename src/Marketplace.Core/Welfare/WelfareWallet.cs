using Marketplace.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Welfare;

/// <summary>
/// One employee's allowance from one programme (programmes differ in what they buy and when they expire). The
/// balance is only ever changed by conditional SQL updates next to a ledger entry (<see cref="WelfareAllowances"/>,
/// <see cref="WelfareExpirySweep"/>), and a check constraint keeps it from going below zero.
/// </summary>
public sealed class WelfareWallet
{
    private WelfareWallet()
    {
    }

    internal WelfareWallet(WelfareProgramme programme, Guid userId, DateTime now)
        : this(programme, userId, programme.AmountPerEmployeeFen, now)
    {
    }

    internal WelfareWallet(WelfareProgramme programme, Guid userId, long balanceFen, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        ProgrammeId = programme.Id;
        UnitId = programme.UnitId;
        UserId = userId;
        BalanceFen = balanceFen;
        StartsAt = programme.StartsAt;
        ExpiresAt = programme.ExpiresAt;
        GrantedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid ProgrammeId { get; private set; }

    public Guid UnitId { get; private set; }

    public Guid UserId { get; private set; }

    public long BalanceFen { get; private set; }

    /// <summary>The programme's, copied so that the spending update can refuse an expired wallet on its own.</summary>
    public DateTime StartsAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public DateTime GrantedAt { get; private set; }
}

internal sealed class WelfareWalletConfiguration : IEntityTypeConfiguration<WelfareWallet>
{
    public void Configure(EntityTypeBuilder<WelfareWallet> builder)
    {
        builder.ToTable("welfare_wallets", t => t.HasCheckConstraint("ck_welfare_wallets_balance_not_negative", "balance_fen >= 0"));
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        // One wallet per employee and programme: this is what makes a second grant a no-op.
        builder.HasIndex(w => new { w.ProgrammeId, w.UserId }).IsUnique();
        builder.HasIndex(w => new { w.UserId, w.ExpiresAt });
        builder.HasIndex(w => w.ExpiresAt).HasFilter("balance_fen > 0").HasDatabaseName("ix_welfare_wallets_due");
        builder.HasOne<WelfareProgramme>().WithMany().HasForeignKey(w => w.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(w => w.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
