using Marketplace.Web.Authorization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Supplier.Orders;

/// <summary>装箱单: a printable packing list of one of the supplier's sub-orders.</summary>
[Authorize(Policy = MarketplacePolicies.SupplierMember)]
public sealed class PackingListModel(SupplierSubOrders subOrders) : PageModel
{
    public SupplierSubOrderView SubOrder { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid subOrderId, CancellationToken cancellationToken)
    {
        var found = await subOrders.FindAsync(User.GetOrganizationId() ?? Guid.Empty, subOrderId, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        SubOrder = found;
        return Page();
    }
}
