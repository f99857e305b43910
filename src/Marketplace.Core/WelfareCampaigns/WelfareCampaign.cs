using System.Text.Json.Serialization;
using Marketplace.Core.Ordering;
using Marketplace.Core.Welfare;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.WelfareCampaigns;

[JsonConverter(typeof(JsonStringEnumConverter<WelfareCampaignStatus>))]
public enum WelfareCampaignStatus
{
    /// <summary>Employees choose and change their choice until the deadline.</summary>
    Open,

    /// <summary>Choosing is over: every choice went into one order (or none, when nobody chose).</summary>
    Closed,
}

/// <summary>
/// What happens to the allowance an employee leaves unspent. Nobody is ever handed a default item they did not choose
/// (DOMAIN.md rule 11): the rest either lapses or becomes welfare allowance the employee spends on the storefront.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeftoverRule>))]
public enum LeftoverRule
{
    /// <summary>未用完的额度在截止时作废: the unit pays only for what was chosen.</summary>
    Lapses,

    /// <summary>
    /// 未用完的额度转入福利额度: at close each employee's unspent allowance is granted to their wallet of the campaign's
    /// welfare programme, spendable until the programme expires (then the expiry sweep writes it off like any balance).
    /// </summary>
    StaysInWallet,
}

/// <summary>
/// 福利自选: a unit's festival welfare where each employee picks from a curated selection within a per-employee
/// allowance until <see cref="Deadline"/>; then all choices become one order to the workplace (one sub-order per supplier).
/// </summary>
public sealed class WelfareCampaign
{
    public const int NameMaxLength = 60;
    public const int MaxItems = 100;

    private readonly List<WelfareCampaignItem> _items = [];

    private WelfareCampaign()
    {
    }

    public Guid Id { get; private set; }

    public Guid UnitId { get; private set; }

    /// <summary>e.g. 2026年中秋福利自选.</summary>
    public string Name { get; private set; } = "";

    public long AllowanceFen { get; private set; }

    /// <summary>UTC: from this moment choices are final.</summary>
    public DateTime Deadline { get; private set; }

    /// <summary>The workplace the consolidated order goes to, e.g. 总部行政楼.</summary>
    public string DeliveryLabel { get; private set; } = "";

    public DeliveryAddress Delivery { get; private set; } = null!;

    public LeftoverRule LeftoverRule { get; private set; }

    /// <summary>The unit's welfare programme whose wallets receive the unspent allowance (<see cref="LeftoverRule.StaysInWallet"/> only).</summary>
    public Guid? ProgrammeId { get; private set; }

    public WelfareCampaignStatus Status { get; private set; }

    /// <summary>The admin or finance person who published it: the consolidated order is placed in their name.</summary>
    public Guid CreatedByUserId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public Guid? OrderId { get; private set; }

    /// <summary>When the employees who had not chosen were last reminded.</summary>
    public DateTime? RemindedAt { get; private set; }

    public int Revision { get; private set; }

    public IReadOnlyList<WelfareCampaignItem> Items => _items;

    public bool IsOpenAt(DateTime now) => Status == WelfareCampaignStatus.Open && now < Deadline;

    public static WelfareCampaign Publish(
        Guid unitId, string name, long allowanceFen, DateTime deadline, string deliveryLabel, DeliveryAddress delivery, LeftoverRule leftoverRule,
        IReadOnlyList<Guid> skuIds, Guid createdBy, DateTime now, WelfareProgramme? programme = null)
    {
        if (allowanceFen <= 0 || deadline <= now || skuIds.Count == 0 || skuIds.Count > MaxItems || skuIds.Distinct().Count() != skuIds.Count)
        {
            throw new WelfareCampaignRuleException("A campaign needs an allowance, a future deadline and 1 to 100 different SKUs.");
        }

        if (leftoverRule == LeftoverRule.StaysInWallet
            && (programme is null || programme.UnitId != unitId || programme.Status != WelfareProgrammeStatus.Active || programme.ExpiresAt <= deadline))
        {
            throw new WelfareCampaignRuleException("Unspent allowance can stay only in an active programme of the unit that is still valid after the deadline.");
        }

        var campaign = new WelfareCampaign
        {
            Id = Guid.CreateVersion7(now),
            UnitId = unitId,
            Name = name,
            AllowanceFen = allowanceFen,
            Deadline = deadline,
            DeliveryLabel = deliveryLabel,
            Delivery = delivery,
            LeftoverRule = leftoverRule,
            ProgrammeId = leftoverRule == LeftoverRule.StaysInWallet ? programme!.Id : null,
            Status = WelfareCampaignStatus.Open,
            CreatedByUserId = createdBy,
            CreatedAt = now,
        };
        for (var i = 0; i < skuIds.Count; i++)
        {
            campaign._items.Add(new WelfareCampaignItem(campaign.Id, skuIds[i], i));
        }

        return campaign;
    }

    public void Close(Guid? orderId, DateTime now)
    {
        if (Status != WelfareCampaignStatus.Open)
        {
            throw new WelfareCampaignRuleException("The campaign is already closed.");
        }

        Status = WelfareCampaignStatus.Closed;
        OrderId = orderId;
        ClosedAt = now;
        Revision++;
    }

    public void Reminded(DateTime now)
    {
        RemindedAt = now;
        Revision++;
    }
}

/// <summary>One SKU of a campaign's curated selection.</summary>
public sealed class WelfareCampaignItem
{
    private WelfareCampaignItem()
    {
    }

    internal WelfareCampaignItem(Guid campaignId, Guid skuId, int position)
    {
        CampaignId = campaignId;
        SkuId = skuId;
        Position = position;
    }

    public Guid CampaignId { get; private set; }

    public Guid SkuId { get; private set; }

    public int Position { get; private set; }
}

public sealed class WelfareCampaignRuleException(string message) : InvalidOperationException(message);

internal sealed class WelfareCampaignConfiguration : IEntityTypeConfiguration<WelfareCampaign>
{
    public void Configure(EntityTypeBuilder<WelfareCampaign> builder)
    {
        builder.ToTable("welfare_campaigns");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(WelfareCampaign.NameMaxLength);
        builder.Property(c => c.DeliveryLabel).HasMaxLength(OrderDelivery.LabelMaxLength);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.LeftoverRule).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.ComplexProperty(c => c.Delivery, address =>
        {
            address.Property(a => a.Recipient).HasMaxLength(DeliveryAddress.RecipientMaxLength);
            address.Property(a => a.Phone).HasMaxLength(DeliveryAddress.PhoneMaxLength);
            address.Property(a => a.Region).HasMaxLength(DeliveryAddress.RegionMaxLength);
            address.Property(a => a.Line).HasMaxLength(DeliveryAddress.LineMaxLength);
            address.Property(a => a.PostalCode).HasMaxLength(DeliveryAddress.PostalCodeMaxLength);
        });
        builder.HasIndex(c => new { c.UnitId, c.CreatedAt });
        builder.HasIndex(c => new { c.Status, c.Deadline });
        builder.HasOne<WelfareProgramme>().WithMany().HasForeignKey(c => c.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Items).AutoInclude();
    }
}

internal sealed class WelfareCampaignItemConfiguration : IEntityTypeConfiguration<WelfareCampaignItem>
{
    public void Configure(EntityTypeBuilder<WelfareCampaignItem> builder)
    {
        builder.ToTable("welfare_campaign_items");
        builder.HasKey(i => new { i.CampaignId, i.SkuId });
    }
}
