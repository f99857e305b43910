using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Operator;

/// <summary>平台运营 reads the audit log, newest first, a page at a time.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class AuditModel(ReadAuditLog reader) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public AuditPage Entries { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var cursor = AuditCursor.TryDecode(Cursor, out _) ? Cursor : null;
        Entries = await reader.HandleAsync(new AuditQuery(null, null, Action, cursor, AuditQuery.DefaultLimit), cancellationToken);
    }
}
