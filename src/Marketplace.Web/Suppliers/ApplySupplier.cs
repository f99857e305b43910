using System.Text.RegularExpressions;
using FluentValidation;
using Marketplace.Core.Accounts;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Suppliers;

/// <summary>
/// A supplier applies. <see cref="AccountEmail"/>/<see cref="AccountPassword"/>/<see cref="DisplayName"/> create the
/// applicant's account and are ignored when the applicant is signed in (and belongs to no organization yet).
/// </summary>
public sealed record ApplySupplierRequest(
    string? Name,
    SupplierType? Type,
    string? CountyCode,
    string? UnifiedSocialCreditCode,
    string? ContactPerson,
    string? Phone,
    string? Email,
    string? DisplayName,
    string? AccountEmail,
    string? AccountPassword);

public sealed record SupplierApplicationResponse(Guid ApplicationId, Guid OrganizationId, string Name, CertificationStatus Status, Guid UserId, bool ConfirmationEmailSent);

public enum ApplyFailure
{
    None,
    AlreadyMember,
    CreditCodeInUse,
    Account,
}

public sealed record ApplyOutcome(SupplierApplicationResponse? Application, ApplyFailure Failure, IReadOnlyList<IdentityError> AccountErrors);

internal sealed partial class ApplySupplierRequestValidator : AbstractValidator<ApplySupplierRequest>
{
    public ApplySupplierRequestValidator(IStringLocalizer<SharedResource> l, IHttpContextAccessor http)
    {
        RuleFor(r => r.Name).Required(l, "Supplier.Name").MaximumLength(Organization.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Supplier.Name"], Organization.NameMaxLength]);
        RuleFor(r => r.Type).NotNull().WithMessage(_ => l["Validation.Required", l["Supplier.Type"]]).IsInEnum();
        RuleFor(r => r.CountyCode).Required(l, "Supplier.CountyCode").Matches(CountyCode()).WithMessage(_ => l["Supplier.CountyCodeInvalid"]);
        RuleFor(r => r.UnifiedSocialCreditCode).Required(l, "Supplier.CreditCode")
            .Must(UnifiedSocialCreditCodes.IsValid).WithMessage(_ => l["Supplier.CreditCodeInvalid"]);
        RuleFor(r => r.ContactPerson).Required(l, "Supplier.ContactPerson").MaximumLength(SupplierApplication.ContactMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Supplier.ContactPerson"], SupplierApplication.ContactMaxLength]);
        RuleFor(r => r.Phone).Required(l, "Supplier.Phone").Matches(Phone()).WithMessage(_ => l["Supplier.PhoneInvalid"]);
        RuleFor(r => r.Email).Required(l, "Supplier.Email").ValidEmail(l);
        When(_ => http.HttpContext?.User.Identity?.IsAuthenticated != true, () =>
        {
            RuleFor(r => r.DisplayName).Required(l, "Register.DisplayName").MaximumLength(AccountLimits.DisplayNameLength)
                .WithMessage(_ => l["Validation.MaxLength", l["Register.DisplayName"], AccountLimits.DisplayNameLength]);
            RuleFor(r => r.AccountEmail).Required(l, "Login.Email").ValidEmail(l);
            RuleFor(r => r.AccountPassword).Required(l, "Login.Password");
        });
    }

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex CountyCode();

    /// <summary>A mobile or a landline with area code, as they are written on a business licence.</summary>
    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{5,30}$")]
    private static partial Regex Phone();
}

/// <summary>
/// The supplier sign-up path: the supplier organization (via the organization tree), its application in status
/// Applied, the applicant's account with the SupplierAdmin role there, and the audit entries, in one transaction.
/// Certification review comes with the catalog.
/// </summary>
public sealed class ApplySupplier(
    MarketplaceDbContext db, OrganizationTree tree, UserManager<MarketplaceUser> users, AccountEmails accountEmails, AuditLog audit, TimeProvider clock)
{
    public async Task<ApplyOutcome> HandleAsync(ApplySupplierRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var signedIn = context.User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(context.User) : null;
        if (signedIn is not null && await db.Memberships.AnyAsync(m => m.UserId == signedIn.Id, cancellationToken))
        {
            return new(null, ApplyFailure.AlreadyMember, []);
        }

        var creditCode = request.UnifiedSocialCreditCode!.Trim().ToUpperInvariant();
        if (await db.SupplierApplications.AnyAsync(a => a.UnifiedSocialCreditCode == creditCode, cancellationToken))
        {
            return new(null, ApplyFailure.CreditCodeInUse, []);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = signedIn;
        if (user is null)
        {
            var email = request.AccountEmail!.Trim();
            user = new MarketplaceUser { UserName = email, Email = email, DisplayName = request.DisplayName!.Trim(), CreatedAt = now };
            var created = await users.CreateAsync(user, request.AccountPassword!);
            if (!created.Succeeded)
            {
                return new(null, ApplyFailure.Account, [.. created.Errors]);
            }
        }

        var supplier = await tree.AddSupplierAsync(request.Name!, null, cancellationToken);
        var application = SupplierApplication.Create(
            supplier, request.Type!.Value, request.CountyCode!, creditCode, request.ContactPerson!, request.Phone!, request.Email!, user.Id, now);
        db.SupplierApplications.Add(application);
        var membership = Membership.Create(user.Id, supplier, [OrganizationRole.SupplierAdmin], now);
        db.Memberships.Add(membership);

        var actor = new AuditActor(user.Id, supplier.Id, context.Connection.RemoteIpAddress?.ToString());
        audit.Append(actor, AuditActions.SupplierApplied, AuditSubjects.Organization, supplier.Id.ToString(),
            new { applicationId = application.Id, name = supplier.Name, type = application.Type.ToString(), countyCode = application.CountyCode, creditCode });
        audit.Append(actor, AuditActions.RoleGranted, AuditSubjects.Membership, membership.Id.ToString(),
            new { userId = user.Id, organizationId = supplier.Id, role = nameof(OrganizationRole.SupplierAdmin) });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var sendConfirmation = !user.EmailConfirmed;
        if (sendConfirmation)
        {
            await accountEmails.SendConfirmationAsync(user, context);
        }

        return new(new SupplierApplicationResponse(application.Id, supplier.Id, supplier.Name, application.Status, user.Id, sendConfirmation), ApplyFailure.None, []);
    }
}
