using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Suppliers;

public sealed record SupplierSummary(
    Guid SupplierId,
    string Name,
    SupplierType Type,
    string CountyCode,
    string? CountyName,
    string UnifiedSocialCreditCode,
    string ContactPerson,
    string Phone,
    string Email,
    DateTime AppliedAt,
    CertificationStatus Status,
    bool Certified,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string? DecisionReason,
    DateTime? ReviewedAt);

/// <summary>Supplier applications with their certification as of today (China date), for the review queue and the supplier's own page.</summary>
public sealed class ListSuppliers(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SupplierSummary>> HandleAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync(null, cancellationToken);

    public async Task<SupplierSummary?> FindAsync(Guid supplierId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(supplierId, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<SupplierSummary>> QueryAsync(Guid? supplierId, CancellationToken cancellationToken)
    {
        var rows = await (
            from a in db.SupplierApplications
            join o in db.Organizations on a.OrganizationId equals o.Id
            join c in db.Counties on a.CountyCode equals c.Code into counties
            from c in counties.DefaultIfEmpty()
            where supplierId == null || a.OrganizationId == supplierId
            orderby a.AppliedAt
            select new { Application = a, o.Name, CountyName = c == null ? null : c.Name })
            .AsNoTracking().ToListAsync(cancellationToken);
        var today = ChinaCalendar.Today(clock);
        return [.. rows.Select(r => new SupplierSummary(
            r.Application.OrganizationId, r.Name, r.Application.Type, r.Application.CountyCode, r.CountyName,
            r.Application.UnifiedSocialCreditCode, r.Application.ContactPerson, r.Application.Phone, r.Application.Email,
            r.Application.AppliedAt, r.Application.StatusOn(today), r.Application.IsCertifiedOn(today),
            r.Application.ValidFrom, r.Application.ValidTo, r.Application.DecisionReason, r.Application.ReviewedAt))];
    }
}
