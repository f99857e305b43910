using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Operator;

/// <summary>A node of the unit tree as the page renders it: the organization, its sub-units and its history.</summary>
public sealed record UnitNode(Organization Organization, IReadOnlyList<UnitNode> Children, int Depth);

/// <summary>平台运营's view of the group's unit tree: rename and move units; each change keeps the unit's history.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class UnitsModel(MarketplaceDbContext db, OrganizationTree tree, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public UnitNode? Root { get; private set; }

    /// <summary>Names by id, for the parents in the history (a moved unit's former parent, too).</summary>
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The group and every unit, in tree order: the choices of a new parent.</summary>
    public IReadOnlyList<UnitNode> Flat { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRenameAsync(Guid id, string? name, string? shortName)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Organization.NameMaxLength
            || shortName?.Trim().Length > Organization.ShortNameMaxLength)
        {
            return await RefusedAsync("Units.RenameInvalid", Organization.NameMaxLength);
        }

        if (!await IsGroupOrUnitAsync(id))
        {
            return NotFound();
        }

        await tree.RenameAsync(id, name, shortName, HttpContext.RequestAborted);
        StatusMessage = localizer["Units.Renamed", name.Trim()];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, Guid parentId)
    {
        if (!await IsGroupOrUnitAsync(id) || !await IsGroupOrUnitAsync(parentId))
        {
            return NotFound();
        }

        try
        {
            var unit = await tree.MoveAsync(id, parentId, HttpContext.RequestAborted);
            StatusMessage = localizer["Units.Moved", unit.Name];
        }
        catch (OrganizationRuleException)
        {
            return await RefusedAsync("Units.MoveRefused");
        }

        return RedirectToPage();
    }

    private Task<bool> IsGroupOrUnitAsync(Guid id) =>
        db.Organizations.AnyAsync(o => o.Id == id && o.Kind != OrganizationKind.Supplier, HttpContext.RequestAborted);

    private async Task<PageResult> RefusedAsync(string messageKey, params object[] arguments)
    {
        ModelState.AddModelError(string.Empty, localizer[messageKey, arguments]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var organizations = await db.Organizations.AsNoTracking()
            .Where(o => o.Kind != OrganizationKind.Supplier)
            .Include(o => o.Versions)
            .ToListAsync(HttpContext.RequestAborted);
        Names = organizations.ToDictionary(o => o.Id, o => o.Name);
        var children = organizations.Where(o => o.ParentId is not null).ToLookup(o => o.ParentId!.Value);
        var group = organizations.SingleOrDefault(o => o.Kind == OrganizationKind.Group);
        if (group is null)
        {
            return;
        }

        var flat = new List<UnitNode>();
        UnitNode Build(Organization organization, int depth)
        {
            var node = new UnitNode(organization, [], depth);
            flat.Add(node);
            var sub = children[organization.Id].OrderBy(o => o.CreatedAt).ThenBy(o => o.Name, StringComparer.Ordinal)
                .Select(o => Build(o, depth + 1)).ToList();
            return node with { Children = sub };
        }

        Root = Build(group, 0);
        Flat = flat;
    }
}
