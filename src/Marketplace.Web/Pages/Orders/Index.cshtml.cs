using Marketplace.Web.Audit;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Orders;

/// <summary>我的订单: the signed-in buyer's orders, newest first.</summary>
[Authorize]
public sealed class IndexModel(MyOrders orders) : PageModel
{
    public IReadOnlyList<OrderSummary> Orders { get; private set; } = [];

    public Guid? Before { get; private set; }

    public async Task OnGetAsync(Guid? before, CancellationToken cancellationToken)
    {
        Orders = await orders.ListAsync(AuditActors.UserId(User)!.Value, before, cancellationToken);
        Before = Orders.Count == OrderSummary.PageSize ? Orders[^1].Id : null;
    }
}
