using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Operator;

/// <summary>All orders for the operators: search by number, status and buyer unit; each links to the order page.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class OrdersModel(OperatorOrders orders, MarketplaceDbContext db, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<OperatorOrderRow> Orders { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Units { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty(SupportsGet = true)]
    public OrderStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? UnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Before { get; set; }

    public Guid? Next { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Units = [.. (await db.Organizations.AsNoTracking().Where(o => o.Kind != OrganizationKind.Supplier).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken))
            .OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => (o.Id, o.Name))];
        if (Number is { Length: > Order.NumberMaxLength })
        {
            ModelState.AddModelError(nameof(Number), localizer["Validation.MaxLength", localizer["Order.Number"], Order.NumberMaxLength]);
            return;
        }

        Orders = await orders.SearchAsync(new OrderSearch(Number, Status, UnitId, Before), cancellationToken);
        Next = Orders.Count == OperatorOrders.PageSize ? Orders[^1].Id : null;
    }
}
