using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Assistance;

/// <summary>The unit tree as it stood at any past moment, from the organizations' versions.</summary>
internal sealed class UnitHistory
{
    private readonly Dictionary<Guid, (List<OrganizationVersion> Versions, Guid? CurrentParent)> _units = [];

    private UnitHistory()
    {
    }

    /// <summary>Loads the history of <paramref name="unitIds"/> and of every organization that was ever above them.</summary>
    public static async Task<UnitHistory> LoadAsync(MarketplaceDbContext db, IEnumerable<Guid> unitIds, CancellationToken cancellationToken)
    {
        var history = new UnitHistory();
        var pending = unitIds.ToHashSet();
        while (pending.Count > 0)
        {
            var ids = pending.ToList();
            var organizations = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.ParentId }).ToListAsync(cancellationToken);
            var versions = await db.OrganizationVersions.AsNoTracking().Where(v => ids.Contains(v.OrganizationId)).ToListAsync(cancellationToken);
            foreach (var organization in organizations)
            {
                history._units[organization.Id] = ([.. versions.Where(v => v.OrganizationId == organization.Id)], organization.ParentId);
            }

            pending = [.. versions.Select(v => v.ParentId).Concat(organizations.Select(o => o.ParentId))
                .OfType<Guid>().Where(id => !history._units.ContainsKey(id))];
            pending.ExceptWith(ids);
        }

        return history;
    }

    /// <summary><paramref name="unitId"/> and the units above it at <paramref name="at"/> (UTC), up to the group.</summary>
    public IReadOnlyList<Guid> PathAt(Guid unitId, DateTime at)
    {
        var path = new List<Guid>();
        Guid? current = unitId;
        while (current is { } step && !path.Contains(step))
        {
            path.Add(step);
            current = ParentAt(step, at);
        }

        return path;
    }

    private Guid? ParentAt(Guid unitId, DateTime at)
    {
        if (!_units.TryGetValue(unitId, out var unit))
        {
            return null;
        }

        // Before its first version (a unit created later than an entry it is charged with) it stands where it is now.
        var version = unit.Versions.SingleOrDefault(v => v.CoversInstant(at));
        return version is null ? unit.CurrentParent : version.ParentId;
    }
}
