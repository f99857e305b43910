using System.Security.Claims;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;

namespace Marketplace.Web.Ordering;

/// <summary>Who buys, as the order records it: the user, their unit at this moment, and the channel that follows from the money used.</summary>
public sealed record OrderBuyer(Guid UserId, Guid? UnitId, OrderChannel Channel)
{
    /// <summary>
    /// A unit's own money (procurement funds, union funds) may be spent only by its purchasers and makes a collective
    /// order; an employee's own money or welfare allowance makes a personal one; anyone without a unit buys as the public.
    /// Returns null when <paramref name="funding"/> is not the caller's to spend.
    /// </summary>
    public static OrderBuyer? Of(ClaimsPrincipal user, FundingSource funding)
    {
        var userId = AuditActors.UserId(user) ?? throw new InvalidOperationException("Ordering needs a signed-in user.");
        var kind = user.GetOrganizationKind();
        var unitId = kind is OrganizationKind.MemberUnit or OrganizationKind.Group ? user.GetOrganizationId() : null;
        return funding switch
        {
            FundingSource.UnitProcurement or FundingSource.UnionFund when unitId is not null && user.HasOrganizationRole(OrganizationRole.UnitPurchaser)
                => new(userId, unitId, OrderChannel.UnitCollective),
            FundingSource.WelfareAllowance when unitId is not null => new(userId, unitId, OrderChannel.EmployeePersonal),
            FundingSource.Personal => new(userId, unitId, unitId is null ? OrderChannel.Public : OrderChannel.EmployeePersonal),
            _ => null,
        };
    }
}
