using System.Text.Json.Serialization;

namespace Marketplace.Core.Ordering;

/// <summary>How an order was built: the supplier sees bulk and uniform orders flagged, with their packing lists.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderKind>))]
public enum OrderKind
{
    /// <summary>From a cart or checkout.</summary>
    Standard,

    /// <summary>集体采购单: a unit's order by SKU, lines possibly to several delivery addresses.</summary>
    Bulk,

    /// <summary>工装订单: a unit's order built from a roster of people and sizes; the roster stays with the order.</summary>
    Uniform,

    /// <summary>福利自选: a welfare campaign's consolidated order; the roster of who chose what stays with the order.</summary>
    Welfare,
}
