namespace Marketplace.Core.Catalog;

/// <summary>Which catalog rule a change broke; the web layer turns it into a localized problem.</summary>
public enum CatalogRule
{
    /// <summary>The action is not allowed in the listing's current status.</summary>
    NotAllowedInStatus,

    /// <summary>A listing needs at least one active SKU before it is submitted or published.</summary>
    NoActiveSku,

    /// <summary>Two SKUs of one listing share a code.</summary>
    DuplicateSkuCode,

    /// <summary>Volume tiers must start above one piece and get cheaper as the quantity grows.</summary>
    InvalidVolumeTiers,

    /// <summary>A SKU must say its size: weight, box size or garment size.</summary>
    SkuWithoutSize,

    /// <summary>A price, stock or quantity is outside its range.</summary>
    OutOfRange,

    /// <summary>A reason is required, at most <see cref="Listing.ReasonMaxLength"/> characters.</summary>
    ReasonRequired,

    /// <summary>A listing has at most <see cref="Listing.MaxImages"/> images.</summary>
    TooManyImages,
}

/// <summary>A change to a listing that the catalog rules do not allow.</summary>
public sealed class CatalogRuleException(CatalogRule rule, string message) : Exception(message)
{
    public CatalogRule Rule { get; } = rule;
}
