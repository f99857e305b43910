using System.Text;
using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Invitations;
using Marketplace.Core.Welfare;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Welfare;

/// <summary>Either every current employee of the unit, or those with the given employee numbers (工号).</summary>
public sealed record GrantWelfareRequest(bool? AllEmployees, IReadOnlyList<string>? EmployeeNumbers)
{
    public const int MaxEmployeeNumbers = 5_000;

    /// <summary>Employee numbers typed or pasted: one per line, or separated by commas, semicolons or spaces.</summary>
    public static IReadOnlyList<string> ParseNumbers(string? text) =>
        (text ?? "").Split([',', ';', '，', '；', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The numbers of a roster CSV: its column 工号 (or "employee number") — the unit's member roster file works as
    /// it is — or, without such a header, the first column of every line. Null when the file is not UTF-8 text.
    /// </summary>
    public static IReadOnlyList<string>? NumbersFromCsv(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var rows = text.Split('\n').Select(l => l.TrimEnd('\r').Split(',').Select(c => c.Trim().Trim('"')).ToArray()).Where(r => r.Any(c => c.Length > 0)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var column = Array.FindIndex(rows[0], c => c is "工号" || c.Equals("employee number", StringComparison.OrdinalIgnoreCase));
        return column < 0
            ? [.. rows.Select(r => r[0]).Where(n => n.Length > 0)]
            : [.. rows.Skip(1).Select(r => column < r.Length ? r[column] : "").Where(n => n.Length > 0)];
    }
}

public sealed record GrantWelfareResponse(Guid ProgrammeId, int Granted, int AlreadyGranted, long GrantedFen);

public enum GrantFailure
{
    None,
    NotFound,
    Expired,
    UnknownEmployeeNumbers,
    Concurrent,
}

public sealed record GrantOutcome(GrantWelfareResponse? Result, GrantFailure Failure, IReadOnlyList<string> UnknownNumbers);

internal sealed class GrantWelfareRequestValidator : AbstractValidator<GrantWelfareRequest>
{
    public GrantWelfareRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r).Must(r => (r.AllEmployees == true) != (r.EmployeeNumbers is { Count: > 0 }))
            .WithName("employeeNumbers").WithMessage(_ => l["Welfare.GrantWhom"]);
        RuleFor(r => r.EmployeeNumbers).Must(n => n is null || n.Count <= GrantWelfareRequest.MaxEmployeeNumbers)
            .WithMessage(_ => l["Welfare.TooManyNumbers", GrantWelfareRequest.MaxEmployeeNumbers]);
        RuleForEach(r => r.EmployeeNumbers).Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= Invitation.EmployeeNumberMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Invite.EmployeeNumber"], Invitation.EmployeeNumberMaxLength]);
    }
}

/// <summary>
/// Grants a programme to employees of its unit, each at most once (a second grant adds nothing), in one transaction
/// with one audit entry. Any unknown employee number grants nothing and lists them all.
/// </summary>
public sealed class GrantWelfare(MarketplaceDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<GrantOutcome> HandleAsync(Guid unitId, Guid programmeId, GrantWelfareRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var programme = await db.WelfareProgrammes.SingleOrDefaultAsync(p => p.Id == programmeId && p.UnitId == unitId, cancellationToken);
        if (programme is null)
        {
            return new(null, GrantFailure.NotFound, []);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (WelfareReports.StatusAt(programme, now) == WelfareProgrammeStatus.Expired)
        {
            return new(null, GrantFailure.Expired, []);
        }

        List<Guid> users;
        if (request.AllEmployees == true)
        {
            users = await WelfareGrants.EmployeesAsync(db, unitId, cancellationToken);
        }
        else
        {
            var (found, unknown) = await WelfareGrants.ByEmployeeNumbersAsync(db, unitId, request.EmployeeNumbers!, cancellationToken);
            if (unknown.Count > 0)
            {
                return new(null, GrantFailure.UnknownEmployeeNumbers, unknown);
            }

            users = [.. found.Values];
        }

        var actor = AuditActors.Of(context);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await WelfareGrants.GrantAsync(db, programme, users, actor.UserId!.Value, now, cancellationToken);
            audit.Append(actor, AuditActions.WelfareGranted, AuditSubjects.WelfareProgramme, programme.Id.ToString(),
                new { unitId, whom = request.AllEmployees == true ? "all" : "roster", result.Granted, result.AlreadyGranted, result.GrantedFen });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new(new GrantWelfareResponse(programme.Id, result.Granted, result.AlreadyGranted, result.GrantedFen), GrantFailure.None, []);
        }
        catch (DbUpdateException)
        {
            // Another grant of the same programme reached one of these employees first; granting again completes it.
            return new(null, GrantFailure.Concurrent, []);
        }
    }
}
