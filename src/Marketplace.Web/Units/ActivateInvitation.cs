using FluentValidation;
using Marketplace.Core.Accounts;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Invitations;
using Marketplace.Core.Organizations;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Units;

/// <summary><see cref="Email"/> is asked only when the invitation has none (a roster row with a phone number).</summary>
public sealed record ActivateInvitationRequest(string? Token, string? DisplayName, string? Email, string? Password);

/// <summary>The user, or the errors by field; <see cref="InvalidInvitation"/> when the link is unknown, used, revoked or expired.</summary>
public sealed record ActivationOutcome(MarketplaceUser? User, bool InvalidInvitation, IReadOnlyList<IdentityError> Errors);

internal sealed class ActivateInvitationRequestValidator : AbstractValidator<ActivateInvitationRequest>
{
    public ActivateInvitationRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Token).Required(l, "Activate.Token");
        RuleFor(r => r.DisplayName).Required(l, "Register.DisplayName").MaximumLength(AccountLimits.DisplayNameLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Register.DisplayName"], AccountLimits.DisplayNameLength]);
        RuleFor(r => r.Email).EmailAddress().WithMessage(_ => l["Validation.Email"]).When(r => !string.IsNullOrEmpty(r.Email));
        RuleFor(r => r.Password).Required(l, "Login.Password");
    }
}

/// <summary>
/// The invitee accepts: the user (email confirmed, since the link reached that inbox), the Employee membership in
/// the inviting unit, the consumed invitation and the audit entries are saved in one transaction.
/// </summary>
public sealed class ActivateInvitation(MarketplaceDbContext db, UserManager<MarketplaceUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>The open invitation for <paramref name="token"/>, or null.</summary>
    public async Task<Invitation?> FindOpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var hash = Invitation.Hash(token.Trim());
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.IsOpen(clock.GetUtcNow().UtcDateTime) ? invitation : null;
    }

    public async Task<ActivationOutcome> HandleAsync(ActivateInvitationRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var invitation = await FindOpenAsync(request.Token, cancellationToken);
        if (invitation is null)
        {
            return new(null, true, []);
        }

        var email = invitation.Email ?? request.Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            return new(null, false, [new IdentityError { Code = nameof(IdentityErrorDescriber.InvalidEmail), Description = "An email address is required." }]);
        }

        var unit = await db.Organizations.SingleAsync(o => o.Id == invitation.OrganizationId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new MarketplaceUser
        {
            UserName = email,
            Email = email,
            // The link reached this inbox; an address typed in for a phone-only invitation has proved nothing.
            EmailConfirmed = invitation.Email is not null,
            DisplayName = request.DisplayName!.Trim(),
            CreatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return new(null, false, [.. created.Errors]);
        }

        var membership = Membership.Create(user.Id, unit, [OrganizationRole.Employee], now);
        db.Memberships.Add(membership);
        invitation.Accept(user.Id, now);
        var actor = new AuditActor(user.Id, unit.Id, context.Connection.RemoteIpAddress?.ToString());
        audit.Append(actor, AuditActions.InvitationAccepted, AuditSubjects.Invitation, invitation.Id.ToString(), new { unitId = unit.Id });
        audit.Append(actor, AuditActions.RoleGranted, AuditSubjects.Membership, membership.Id.ToString(),
            new { userId = user.Id, unitId = unit.Id, role = nameof(OrganizationRole.Employee), invitationId = invitation.Id });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(user, false, []);
    }
}
