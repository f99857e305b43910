using System.Globalization;
using System.Text;
using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Audit;

/// <summary>A page of the audit log, newest first; <c>cursor</c> is the previous page's <c>nextCursor</c>.</summary>
public sealed record AuditQuery(DateTime? From, DateTime? To, string? Action, string? Cursor, int? Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

public sealed record AuditEntryResponse(
    Guid Id, DateTime At, Guid? ActorUserId, Guid? ActorOrganizationId, string Action, string SubjectType, string SubjectId, string? Details, string? IpAddress);

public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor);

internal sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage(_ => l["Audit.RangeInvalid"]);
        RuleFor(q => q.Limit).InclusiveBetween(1, AuditQuery.MaxLimit).When(q => q.Limit is not null)
            .WithMessage(_ => l["Audit.LimitInvalid", AuditQuery.MaxLimit]);
        RuleFor(q => q.Cursor).Must(c => AuditCursor.TryDecode(c, out _)).When(q => q.Cursor is not null)
            .WithMessage(_ => l["Audit.CursorInvalid"]);
        RuleFor(q => q.Action).MaximumLength(AuditEntry.ActionMaxLength);
    }
}

/// <summary>Keyset paging on (at, id), both descending: a page never repeats or skips an entry added meanwhile.</summary>
internal static class AuditCursor
{
    public static string Encode(AuditEntry last) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{last.At.Ticks}:{last.Id}")));

    public static bool TryDecode(string? cursor, out (DateTime At, Guid Id) position)
    {
        position = default;
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor ?? "")).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999
                && Guid.TryParse(parts[1], out var id))
            {
                position = (new DateTime(ticks, DateTimeKind.Utc), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}

public sealed class ReadAuditLog(MarketplaceDbContext db)
{
    public async Task<AuditPage> HandleAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = query.Limit ?? AuditQuery.DefaultLimit;
        var entries = db.AuditEntries.AsNoTracking();
        if (query.From is { } from)
        {
            var utcFrom = AsUtc(from);
            entries = entries.Where(e => e.At >= utcFrom);
        }

        if (query.To is { } to)
        {
            var utcTo = AsUtc(to);
            entries = entries.Where(e => e.At < utcTo);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            entries = entries.Where(e => e.Action == query.Action);
        }

        if (query.Cursor is not null && AuditCursor.TryDecode(query.Cursor, out var after))
        {
            entries = entries.Where(e => e.At < after.At || (e.At == after.At && e.Id.CompareTo(after.Id) < 0));
        }

        var page = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var items = page.Take(limit).ToList();
        return new AuditPage(
            [.. items.Select(e => new AuditEntryResponse(e.Id, e.At, e.ActorUserId, e.ActorOrganizationId, e.Action, e.SubjectType, e.SubjectId, e.Details, e.IpAddress))],
            page.Count > limit ? AuditCursor.Encode(items[^1]) : null);
    }

    // A time without an offset in the query string is taken as UTC, as everything is stored.
    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
}
