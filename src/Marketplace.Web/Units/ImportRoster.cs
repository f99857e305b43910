using System.Text.RegularExpressions;
using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Invitations;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Units;

/// <summary>An uploaded roster file, already read into memory (it is small: <see cref="MaxBytes"/>).</summary>
public sealed record ImportRosterRequest(string FileName, string? ContentType, byte[] Content)
{
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>What browsers and spreadsheet programs send for a .csv file.</summary>
    public static readonly string[] ContentTypes = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream"];
}

public sealed record RosterImportResult(int Invited, int Emailed, int PhoneOnly, IReadOnlyList<InvitationResponse> Invitations);

public enum RosterFailure
{
    None,
    UnitNotFound,
    TooLarge,
    NotCsv,
    Malformed,
    InvalidLines,
}

/// <summary>Either the imported invitations, or why nothing was imported: a whole-file problem or the errors of each bad line.</summary>
public sealed record RosterOutcome(RosterImportResult? Imported, RosterFailure Failure, string? Detail, IReadOnlyDictionary<string, string[]>? LineErrors)
{
    public static string LineKey(int line) => $"line {line}";
}

internal sealed partial class RosterRowValidator : AbstractValidator<RosterRow>
{
    public RosterRowValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage(_ => l["Roster.NameMissing"])
            .MaximumLength(Invitation.NameMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Invite.Name"], Invitation.NameMaxLength]);
        RuleFor(r => r.EmployeeNumber).MaximumLength(Invitation.EmployeeNumberMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Invite.EmployeeNumber"], Invitation.EmployeeNumberMaxLength]);
        RuleFor(r => r.Department).MaximumLength(Invitation.DepartmentMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Invite.Department"], Invitation.DepartmentMaxLength]);
        RuleFor(r => r.EmailOrPhone).NotEmpty().WithMessage(_ => l["Roster.ContactMissing"])
            .Must(c => IsEmail(c) || IsPhone(c)).WithMessage(r => l["Roster.ContactInvalid", r.EmailOrPhone]);
    }

    public static bool IsEmail(string value) => value.Contains('@', StringComparison.Ordinal) && value.Length <= Invitation.EmailMaxLength && Email().IsMatch(value);

    public static bool IsPhone(string value) => Phone().IsMatch(value);

    public static string NormalizedPhone(string value) => value.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    [GeneratedRegex(@"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")]
    private static partial Regex Email();

    /// <summary>A mainland mobile number, optionally with +86.</summary>
    [GeneratedRegex(@"^(\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}$")]
    private static partial Regex Phone();
}

/// <summary>
/// Imports a roster CSV into invitations of one unit: every line is checked first, and a single bad line imports
/// nothing. A good file becomes one invitation per person in one transaction; rows with only a phone number are
/// recorded but get no mail (there is no SMS sender yet).
/// </summary>
public sealed class ImportRoster(
    MarketplaceDbContext db, AuditLog audit, InvitationEmails emails, IValidator<RosterRow> rowValidator,
    IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public async Task<RosterOutcome> HandleAsync(Guid unitId, ImportRosterRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var unit = await InviteEmployee.FindUnitAsync(db, unitId, cancellationToken);
        if (unit is null)
        {
            return new(null, RosterFailure.UnitNotFound, null, null);
        }

        if (request.Content.LongLength > ImportRosterRequest.MaxBytes)
        {
            return new(null, RosterFailure.TooLarge, l["Roster.TooLarge", ImportRosterRequest.MaxBytes / 1024 / 1024], null);
        }

        var contentType = request.ContentType?.Split(';')[0].Trim();
        if (!request.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            || (contentType is { Length: > 0 } && !ImportRosterRequest.ContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase)))
        {
            return new(null, RosterFailure.NotCsv, l["Roster.NotCsv"], null);
        }

        IReadOnlyList<RosterRow> rows;
        try
        {
            rows = RosterCsv.Read(request.Content);
        }
        catch (RosterFormatException exception)
        {
            return new(null, RosterFailure.Malformed, l["Roster.Malformed", exception.Message], null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = await ValidateAsync(rows, now, cancellationToken);
        if (errors.Count > 0)
        {
            return new(null, RosterFailure.InvalidLines, null, errors);
        }

        var actor = AuditActors.Of(context);
        var created = new List<(Invitation Invitation, string Token)>();
        foreach (var row in rows)
        {
            var isEmail = RosterRowValidator.IsEmail(row.EmailOrPhone);
            created.Add(Invitation.Create(
                unit, row.Name, row.EmployeeNumber, isEmail ? row.EmailOrPhone : null,
                isEmail ? null : RosterRowValidator.NormalizedPhone(row.EmailOrPhone), row.Department, actor.UserId!.Value, now));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Invitations.AddRange(created.Select(c => c.Invitation));
            foreach (var (invitation, _) in created)
            {
                audit.Append(actor, AuditActions.MembershipInvited, AuditSubjects.Invitation, invitation.Id.ToString(),
                    new { unitId, email = invitation.Email, phone = invitation.Phone, source = "roster" });
            }

            audit.Append(actor, AuditActions.RosterImported, AuditSubjects.Organization, unitId.ToString(),
                new { fileName = request.FileName, rows = rows.Count });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // After the commit: a rolled-back import must not have mailed anyone.
        foreach (var (invitation, token) in created.Where(c => c.Invitation.Email is not null))
        {
            await emails.SendAsync(invitation, unit.Name, token, context, cancellationToken);
        }

        var responses = created.Select(c => InviteEmployee.Response(c.Invitation, c.Invitation.Email is not null)).ToList();
        return new(new RosterImportResult(responses.Count, responses.Count(r => r.EmailSent), responses.Count(r => !r.EmailSent), responses),
            RosterFailure.None, null, null);
    }

    private async Task<Dictionary<string, string[]>> ValidateAsync(IReadOnlyList<RosterRow> rows, DateTime now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<int, List<string>>();
        void Add(int line, string message)
        {
            if (!errors.TryGetValue(line, out var list))
            {
                errors[line] = list = [];
            }

            list.Add(message);
        }

        foreach (var row in rows)
        {
            foreach (var failure in (await rowValidator.ValidateAsync(row, cancellationToken)).Errors)
            {
                Add(row.Line, failure.ErrorMessage);
            }
        }

        var emailRows = rows.Where(r => RosterRowValidator.IsEmail(r.EmailOrPhone)).ToList();
        foreach (var duplicate in emailRows.GroupBy(r => r.EmailOrPhone.Trim().ToUpperInvariant()).Where(g => g.Count() > 1))
        {
            var first = duplicate.First().Line;
            foreach (var row in duplicate.Skip(1))
            {
                Add(row.Line, l["Roster.DuplicateEmail", row.EmailOrPhone, first]);
            }
        }

        var phoneRows = rows.Where(r => !RosterRowValidator.IsEmail(r.EmailOrPhone) && RosterRowValidator.IsPhone(r.EmailOrPhone));
        foreach (var duplicate in phoneRows.GroupBy(r => RosterRowValidator.NormalizedPhone(r.EmailOrPhone)[^11..]).Where(g => g.Count() > 1))
        {
            var first = duplicate.First().Line;
            foreach (var row in duplicate.Skip(1))
            {
                Add(row.Line, l["Roster.DuplicatePhone", row.EmailOrPhone, first]);
            }
        }

        var inUse = await InviteEmployee.EmailsInUseAsync(db, emailRows.Select(r => r.EmailOrPhone), now, cancellationToken);
        foreach (var row in emailRows.Where(r => inUse.Contains(r.EmailOrPhone.Trim().ToUpperInvariant())))
        {
            Add(row.Line, l["Roster.EmailInUse", row.EmailOrPhone]);
        }

        return errors.OrderBy(e => e.Key).ToDictionary(e => RosterOutcome.LineKey(e.Key), e => e.Value.ToArray());
    }
}
