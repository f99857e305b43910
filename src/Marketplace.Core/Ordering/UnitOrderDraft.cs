using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>
/// 草稿: a bulk or uniform order being put together, saved so the purchaser can resume it. It holds the sheet as CSV
/// text exactly as it was (bad lines too); nothing is ordered from it until it is submitted.
/// </summary>
public sealed class UnitOrderDraft
{
    public const int NameMaxLength = 60;
    public const int MaxContentChars = 2_000_000;
    public const int MaxPerUser = 20;

    private UnitOrderDraft()
    {
    }

    public UnitOrderDraft(Guid userId, Guid unitId, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        UserId = userId;
        UnitId = unitId;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid UnitId { get; private set; }

    public OrderKind Kind { get; private set; }

    public string Name { get; private set; } = "";

    public string Content { get; private set; } = "";

    public string? PoNumber { get; private set; }

    public string? Note { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public void Change(OrderKind kind, string name, string content, string? poNumber, string? note, DateTime now)
    {
        Kind = kind;
        Name = name;
        Content = content;
        PoNumber = poNumber;
        Note = note;
        UpdatedAt = now;
    }
}

internal sealed class UnitOrderDraftConfiguration : IEntityTypeConfiguration<UnitOrderDraft>
{
    public void Configure(EntityTypeBuilder<UnitOrderDraft> builder)
    {
        builder.ToTable("unit_order_drafts");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Name).HasMaxLength(UnitOrderDraft.NameMaxLength);
        builder.Property(d => d.PoNumber).HasMaxLength(Order.PoNumberMaxLength);
        builder.Property(d => d.Note).HasMaxLength(Order.NoteMaxLength);
        builder.HasIndex(d => new { d.UserId, d.UpdatedAt });
    }
}
