using System.Text.Json.Serialization;

namespace Marketplace.Core.Ordering;

/// <summary>Why the order service could not take a line.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LineRejection>))]
public enum LineRejection
{
    /// <summary>No such SKU.</summary>
    UnknownSku,

    /// <summary>Not on the storefront: not published, inactive SKU, or its supplier not certified.</summary>
    Unavailable,

    /// <summary>Fewer pieces than the listing's minimum order quantity.</summary>
    BelowMinimum,

    OutOfStock,
}
