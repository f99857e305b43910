using Marketplace.Web.Authorization;
using Marketplace.Web.UnitOrders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Supplier.Orders;

/// <summary>装箱单: a printable packing list of one of the supplier's sub-orders, per delivery place, or for a uniform order per department or person.</summary>
[Authorize(Policy = MarketplacePolicies.SupplierMember)]
public sealed class PackingListModel(UnitOrderPackingLists lists) : PageModel
{
    public UnitPackingList List { get; private set; } = null!;

    public PackingListGrouping By { get; private set; }

    public Guid SupplierId => User.GetOrganizationId() ?? Guid.Empty;

    public async Task<IActionResult> OnGetAsync(Guid subOrderId, string? by, CancellationToken cancellationToken)
    {
        var found = await lists.FindAsync(SupplierId, subOrderId, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        List = found;
        By = Enum.TryParse<PackingListGrouping>(by, ignoreCase: true, out var grouping) && Enum.IsDefined(grouping) && found.People.Count > 0
            ? grouping
            : PackingListGrouping.Place;
        return Page();
    }
}
