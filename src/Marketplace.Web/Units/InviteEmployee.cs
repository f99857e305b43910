using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Invitations;
using Marketplace.Core.Organizations;
using Marketplace.Web.Accounts;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Units;

public sealed record InviteEmployeeRequest(string? Name, string? EmployeeNumber, string? Email, string? Department);

public sealed record InvitationResponse(
    Guid Id, string Name, string? EmployeeNumber, string? Email, string? Phone, string? Department, DateTime ExpiresAt, bool EmailSent);

public enum InviteFailure
{
    None,
    UnitNotFound,
    EmailInUse,
}

public sealed record InviteOutcome(InvitationResponse? Invitation, InviteFailure Failure);

internal sealed class InviteEmployeeRequestValidator : AbstractValidator<InviteEmployeeRequest>
{
    public InviteEmployeeRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Name).Required(l, "Invite.Name").MaximumLength(Invitation.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Invite.Name"], Invitation.NameMaxLength]);
        RuleFor(r => r.Email).Required(l, "Login.Email").ValidEmail(l);
        RuleFor(r => r.EmployeeNumber).MaximumLength(Invitation.EmployeeNumberMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Invite.EmployeeNumber"], Invitation.EmployeeNumberMaxLength]);
        RuleFor(r => r.Department).MaximumLength(Invitation.DepartmentMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Invite.Department"], Invitation.DepartmentMaxLength]);
    }
}

/// <summary>A unit admin invites one employee by email: the invitation and its audit entry are saved together, then the mail goes out.</summary>
public sealed class InviteEmployee(MarketplaceDbContext db, AuditLog audit, InvitationEmails emails, TimeProvider clock)
{
    public async Task<InviteOutcome> HandleAsync(Guid unitId, InviteEmployeeRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var unit = await FindUnitAsync(db, unitId, cancellationToken);
        if (unit is null)
        {
            return new(null, InviteFailure.UnitNotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if ((await EmailsInUseAsync(db, [request.Email!], now, cancellationToken)).Count > 0)
        {
            return new(null, InviteFailure.EmailInUse);
        }

        var actor = AuditActors.Of(context);
        var (invitation, token) = Invitation.Create(
            unit, request.Name!, request.EmployeeNumber, request.Email, null, request.Department, actor.UserId!.Value, now);
        db.Invitations.Add(invitation);
        audit.Append(actor, AuditActions.MembershipInvited, AuditSubjects.Invitation, invitation.Id.ToString(),
            new { unitId, email = invitation.Email, role = nameof(OrganizationRole.Employee) });
        await db.SaveChangesAsync(cancellationToken);

        await emails.SendAsync(invitation, unit.Name, token, context, cancellationToken);
        return new(Response(invitation, emailSent: true), InviteFailure.None);
    }

    internal static Task<Organization?> FindUnitAsync(MarketplaceDbContext db, Guid unitId, CancellationToken cancellationToken) =>
        db.Organizations.SingleOrDefaultAsync(o => o.Id == unitId && o.Kind == OrganizationKind.MemberUnit, cancellationToken);

    /// <summary>Which of <paramref name="emails"/> (normalized upper-case on return) already belong to a user or an open invitation.</summary>
    internal static async Task<HashSet<string>> EmailsInUseAsync(
        MarketplaceDbContext db, IEnumerable<string> emails, DateTime now, CancellationToken cancellationToken)
    {
        var normalized = emails.Select(e => e.Trim().ToUpperInvariant()).Distinct().ToList();
        var users = await db.Users.Where(u => u.NormalizedEmail != null && normalized.Contains(u.NormalizedEmail))
            .Select(u => u.NormalizedEmail!).ToListAsync(cancellationToken);
        var invited = await db.Invitations
            .Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt > now && i.NormalizedEmail != null && normalized.Contains(i.NormalizedEmail))
            .Select(i => i.NormalizedEmail!).ToListAsync(cancellationToken);
        return [.. users, .. invited];
    }

    internal static InvitationResponse Response(Invitation i, bool emailSent) =>
        new(i.Id, i.Name, i.EmployeeNumber, i.Email, i.Phone, i.Department, i.ExpiresAt, emailSent);
}
