using Marketplace.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>An entry of a user's address book (地址簿); an order copies it, so later edits change no order.</summary>
public sealed class SavedAddress
{
    public const int LabelMaxLength = 20;
    public const int MaxPerUser = 20;

    private SavedAddress()
    {
    }

    public SavedAddress(Guid userId, string? label, DeliveryAddress address, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        UserId = userId;
        Label = label;
        Address = address;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>e.g. 家, 公司, 食堂.</summary>
    public string? Label { get; private set; }

    public DeliveryAddress Address { get; private set; } = null!;

    public bool IsDefault { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public void Change(string? label, DeliveryAddress address)
    {
        Label = label;
        Address = address;
    }

    public void SetDefault(bool isDefault) => IsDefault = isDefault;
}

internal sealed class SavedAddressConfiguration : IEntityTypeConfiguration<SavedAddress>
{
    public void Configure(EntityTypeBuilder<SavedAddress> builder)
    {
        builder.ToTable("saved_addresses");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Label).HasMaxLength(SavedAddress.LabelMaxLength);
        builder.ComplexProperty(a => a.Address, address =>
        {
            address.Property(a => a.Recipient).HasMaxLength(DeliveryAddress.RecipientMaxLength);
            address.Property(a => a.Phone).HasMaxLength(DeliveryAddress.PhoneMaxLength);
            address.Property(a => a.Region).HasMaxLength(DeliveryAddress.RegionMaxLength);
            address.Property(a => a.Line).HasMaxLength(DeliveryAddress.LineMaxLength);
            address.Property(a => a.PostalCode).HasMaxLength(DeliveryAddress.PostalCodeMaxLength);
        });
        builder.HasIndex(a => a.UserId);
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
