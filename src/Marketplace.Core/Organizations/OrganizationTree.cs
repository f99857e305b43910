using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Organizations;

/// <summary>Use cases on the organization tree. Each saves its change; a refused change saves nothing.</summary>
public sealed class OrganizationTree(MarketplaceDbContext db, TimeProvider clock, IOptions<OrganizationOptions> options)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<Organization?> FindGroupAsync(CancellationToken cancellationToken = default) =>
        db.Organizations.SingleOrDefaultAsync(o => o.Kind == OrganizationKind.Group, cancellationToken);

    /// <summary>The group, created with the configured name if there is none yet.</summary>
    public async Task<Organization> EnsureGroupAsync(CancellationToken cancellationToken = default)
    {
        if (await FindGroupAsync(cancellationToken) is { } group)
        {
            return group;
        }

        group = Organization.CreateGroup(options.Value.GroupName, options.Value.GroupShortName, Now);
        db.Organizations.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        return group;
    }

    public async Task<Organization> AddMemberUnitAsync(string name, string? shortName, Guid parentId, CancellationToken cancellationToken = default)
    {
        var parent = await GetAsync(parentId, cancellationToken);
        var unit = Organization.CreateMemberUnit(name, shortName, parent, Now);
        db.Organizations.Add(unit);
        await db.SaveChangesAsync(cancellationToken);
        return unit;
    }

    public async Task<Organization> AddSupplierAsync(string name, string? shortName, CancellationToken cancellationToken = default)
    {
        var supplier = Organization.CreateSupplier(name, shortName, Now);
        db.Organizations.Add(supplier);
        await db.SaveChangesAsync(cancellationToken);
        return supplier;
    }

    public async Task<Organization> RenameAsync(Guid id, string name, string? shortName, CancellationToken cancellationToken = default)
    {
        var organization = await GetWithVersionsAsync(id, cancellationToken);
        organization.Rename(name, shortName, Now);
        await db.SaveChangesAsync(cancellationToken);
        return organization;
    }

    public async Task<Organization> MoveAsync(Guid id, Guid newParentId, CancellationToken cancellationToken = default)
    {
        var unit = await GetWithVersionsAsync(id, cancellationToken);
        var parent = await GetAsync(newParentId, cancellationToken);
        unit.MoveTo(parent, await PathToRootAsync(parent.Id, cancellationToken), Now);
        await db.SaveChangesAsync(cancellationToken);
        return unit;
    }

    /// <summary>The ids from <paramref name="id"/> up to the root, <paramref name="id"/> first.</summary>
    public async Task<IReadOnlyList<Guid>> PathToRootAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var path = new List<Guid>();
        Guid? current = id;
        while (current is { } step)
        {
            if (path.Contains(step))
            {
                throw new InvalidOperationException($"The organization tree has a cycle through {step}.");
            }

            path.Add(step);
            current = await db.Organizations.Where(o => o.Id == step).Select(o => o.ParentId).SingleAsync(cancellationToken);
        }

        return path;
    }

    private async Task<Organization> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Organizations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
        ?? throw new OrganizationRuleException($"There is no organization {id}.");

    private async Task<Organization> GetWithVersionsAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Organizations.Include(o => o.Versions).SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
        ?? throw new OrganizationRuleException($"There is no organization {id}.");
}
