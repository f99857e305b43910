using Marketplace.Core.Assistance;
using Marketplace.Web.Assistance;
using Marketplace.Web.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Assistance;

/// <summary>我的帮扶: the signed-in buyer's year — what they bought and the counties and households it supports.</summary>
[Authorize]
public sealed class MineModel(ImpactQueries impacts, TimeProvider clock) : PageModel
{
    public int Year { get; private set; }

    public Impact Impact { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int? year, CancellationToken cancellationToken)
    {
        Year = TargetsApi.YearOf(year, clock) ?? TargetsApi.YearOf(null, clock)!.Value;
        Impact = await impacts.BuyerAsync(Year, AuditActors.UserId(User)!.Value, cancellationToken);
        return Page();
    }
}
