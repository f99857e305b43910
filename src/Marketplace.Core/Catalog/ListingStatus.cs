using System.Text.Json.Serialization;

namespace Marketplace.Core.Catalog;

/// <summary>
/// A listing's lifecycle: Draft → Submitted → Approved or Rejected; Approved → Published ↔ Unlisted. A content change or
/// a price raise above the threshold sends an approved listing back to Submitted. Only Published listings of a
/// certified supplier are on the storefront. Stored by name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ListingStatus>))]
public enum ListingStatus
{
    Draft,
    Submitted,
    Approved,
    Rejected,
    Published,
    Unlisted,
}
