using Marketplace.Web.Audit;
using Marketplace.Web.Welfare;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Welfare;

/// <summary>我的福利: the signed-in user's own wallets (any signed-in user; without a grant the page says so).</summary>
[Authorize]
public sealed class IndexModel(MyWelfare welfare) : PageModel
{
    public MyWelfareResponse Welfare { get; private set; } = new(0, []);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Welfare = await welfare.WalletsAsync(AuditActors.UserId(User)!.Value, cancellationToken);
}
