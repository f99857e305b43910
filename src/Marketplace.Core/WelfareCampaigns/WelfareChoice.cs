using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.WelfareCampaigns;

/// <summary>
/// One SKU an employee chose in a campaign. An employee's choice is the set of their rows; changing it replaces them
/// all. Name and department are kept as they were, for the supplier's per-person packing list.
/// </summary>
public sealed class WelfareChoice
{
    private WelfareChoice()
    {
    }

    public WelfareChoice(Guid campaignId, Guid userId, string name, string department, Guid skuId, int quantity, long priceFen, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        CampaignId = campaignId;
        UserId = userId;
        Name = name;
        Department = department;
        SkuId = skuId;
        Quantity = quantity;
        PriceFen = priceFen;
        ChosenAt = now;
    }

    public Guid Id { get; private set; }

    public Guid CampaignId { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    public string Department { get; private set; } = "";

    public Guid SkuId { get; private set; }

    public int Quantity { get; private set; }

    /// <summary>The unit price the employee saw when choosing (the order service prices the order itself).</summary>
    public long PriceFen { get; private set; }

    public DateTime ChosenAt { get; private set; }
}

internal sealed class WelfareChoiceConfiguration : IEntityTypeConfiguration<WelfareChoice>
{
    public void Configure(EntityTypeBuilder<WelfareChoice> builder)
    {
        builder.ToTable("welfare_choices");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(RosterEntry.NameMaxLength);
        builder.Property(c => c.Department).HasMaxLength(RosterEntry.DepartmentMaxLength);
        builder.HasIndex(c => new { c.CampaignId, c.UserId, c.SkuId }).IsUnique();
        builder.HasOne<WelfareCampaign>().WithMany().HasForeignKey(c => c.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
