using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>
/// One row of a uniform order's roster (花名册): who gets which garment in which size. It stays with the order so the
/// supplier can pack per department and per person; the order's lines are the totals per SKU.
/// </summary>
public sealed class RosterEntry
{
    public const int NameMaxLength = 40;
    public const int EmployeeNumberMaxLength = 32;
    public const int DepartmentMaxLength = 40;

    private RosterEntry()
    {
    }

    public RosterEntry(Guid orderId, int line, string name, string employeeNumber, string department, Guid skuId, int quantity, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        OrderId = orderId;
        Line = line;
        Name = name;
        EmployeeNumber = employeeNumber;
        Department = department;
        SkuId = skuId;
        Quantity = quantity;
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    /// <summary>The row's line in the uploaded roster (the header is line 1).</summary>
    public int Line { get; private set; }

    public string Name { get; private set; } = "";

    public string EmployeeNumber { get; private set; } = "";

    public string Department { get; private set; } = "";

    public Guid SkuId { get; private set; }

    public int Quantity { get; private set; }
}

internal sealed class RosterEntryConfiguration : IEntityTypeConfiguration<RosterEntry>
{
    public void Configure(EntityTypeBuilder<RosterEntry> builder)
    {
        builder.ToTable("roster_entries");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(RosterEntry.NameMaxLength);
        builder.Property(r => r.EmployeeNumber).HasMaxLength(RosterEntry.EmployeeNumberMaxLength);
        builder.Property(r => r.Department).HasMaxLength(RosterEntry.DepartmentMaxLength);
        builder.HasIndex(r => r.OrderId);
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
