namespace Marketplace.Core.Ordering;

/// <summary>收货地址 as the order keeps it: a copy, so editing the address book later changes no order.</summary>
public sealed record DeliveryAddress(string Recipient, string Phone, string Region, string Line, string? PostalCode)
{
    public const int RecipientMaxLength = 40;
    public const int PhoneMaxLength = 20;
    public const int RegionMaxLength = 60;
    public const int LineMaxLength = 200;
    public const int PostalCodeMaxLength = 6;
}
