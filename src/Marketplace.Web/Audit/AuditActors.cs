using System.Security.Claims;
using Marketplace.Core.Audit;
using Marketplace.Web.Authorization;

namespace Marketplace.Web.Audit;

public static class AuditActors
{
    /// <summary>The caller of this request: the signed-in user with their organization (from the membership claims), or nobody.</summary>
    public static AuditActor Of(HttpContext context) =>
        new(UserId(context.User), context.User.GetOrganizationId(), context.Connection.RemoteIpAddress?.ToString());

    public static Guid? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
