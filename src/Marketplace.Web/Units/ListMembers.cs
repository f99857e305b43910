using Marketplace.Core.Data;
using Marketplace.Core.Invitations;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Units;

public sealed record MemberResponse(Guid UserId, string DisplayName, string? Email, IReadOnlyList<string> Roles, DateTime Since);

public sealed record UnitMembersResponse(Guid UnitId, string UnitName, IReadOnlyList<MemberResponse> Members, IReadOnlyList<InvitationResponse> PendingInvitations);

/// <summary>A unit's (or the group's) members with their roles, and its invitations that are still open.</summary>
public sealed class ListMembers(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<UnitMembersResponse?> HandleAsync(Guid unitId, CancellationToken cancellationToken = default)
    {
        // The group too: its members are the operators, and only operators get past the policy for it.
        var unit = await db.Organizations.SingleOrDefaultAsync(o => o.Id == unitId && o.Kind != OrganizationKind.Supplier, cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var members = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == unitId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName, u.Email, Roles = m.Roles.Select(r => r.Role).ToList(), m.CreatedAt })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.Invitations.AsNoTracking()
            .Where(i => i.OrganizationId == unitId && i.Status == InvitationStatus.Pending && i.ExpiresAt > now)
            .OrderBy(i => i.CreatedAt).ToListAsync(cancellationToken);
        return new UnitMembersResponse(
            unit.Id,
            unit.Name,
            [.. members.OrderBy(m => m.DisplayName, StringComparer.Ordinal).Select(m => new MemberResponse(m.UserId, m.DisplayName, m.Email, [.. m.Roles.Order().Select(r => r.ToString())], m.CreatedAt))],
            [.. pending.Select(i => InviteEmployee.Response(i, i.Email is not null))]);
    }
}
