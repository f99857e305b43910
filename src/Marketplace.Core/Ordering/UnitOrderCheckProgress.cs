using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>
/// How far the server has got checking one uploaded sheet, so the page that sent it can show a determinate bar while the
/// upload's request is still being answered — by any web host, since the row is shared through the database. One small
/// row per check, keyed by a token the page made; rows older than <see cref="KeptFor"/> are swept when a check starts.
/// </summary>
public sealed class UnitOrderCheckProgress
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);

    private UnitOrderCheckProgress()
    {
    }

    public UnitOrderCheckProgress(Guid token, Guid userId, int total, DateTime now)
    {
        Id = token;
        UserId = userId;
        Total = total;
        UpdatedAt = now;
    }

    /// <summary>The token the page sent with the sheet.</summary>
    public Guid Id { get; private set; }

    /// <summary>Only the purchaser who uploaded the sheet may read its progress.</summary>
    public Guid UserId { get; private set; }

    /// <summary>Lines checked so far.</summary>
    public int Checked { get; private set; }

    /// <summary>Lines in the sheet.</summary>
    public int Total { get; private set; }

    /// <summary>Every line checked and the answer made (good, or every bad line).</summary>
    public bool Done { get; private set; }

    public DateTime UpdatedAt { get; private set; }
}

internal sealed class UnitOrderCheckProgressConfiguration : IEntityTypeConfiguration<UnitOrderCheckProgress>
{
    public void Configure(EntityTypeBuilder<UnitOrderCheckProgress> builder)
    {
        builder.ToTable("unit_order_check_progress");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasIndex(p => p.UpdatedAt);
    }
}
