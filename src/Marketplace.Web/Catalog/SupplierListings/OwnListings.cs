using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>
/// What every supplier listing operation needs: the listing only when it is this supplier's (another supplier's id
/// reads as not found), the supplier's certification, and a save that turns a lost race into a conflict.
/// </summary>
public sealed class OwnListings(MarketplaceDbContext db, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public MarketplaceDbContext Db => db;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<Listing?> FindAsync(Guid supplierId, Guid listingId, CancellationToken cancellationToken) =>
        db.Listings.Include(l => l.Skus).SingleOrDefaultAsync(l => l.Id == listingId && l.SupplierId == supplierId, cancellationToken);

    public Task<Organization?> SupplierAsync(Guid supplierId, CancellationToken cancellationToken) =>
        db.Organizations.SingleOrDefaultAsync(o => o.Id == supplierId && o.Kind == OrganizationKind.Supplier, cancellationToken);

    public Task<SupplierApplication?> ApplicationAsync(Guid supplierId, CancellationToken cancellationToken) =>
        db.SupplierApplications.AsNoTracking().SingleOrDefaultAsync(a => a.OrganizationId == supplierId, cancellationToken);

    /// <summary>The supplier's application when it is certified today; otherwise why not, as a conflict.</summary>
    public async Task<(SupplierApplication? Application, string? Problem)> CertifiedAsync(Guid supplierId, CancellationToken cancellationToken)
    {
        var application = await ApplicationAsync(supplierId, cancellationToken);
        if (application is null)
        {
            return (null, l["Listing.SupplierNotCertified", l["SupplierProfile.NoApplication"]]);
        }

        var status = application.StatusOn(ChinaCalendar.DateOf(Now));
        return status == CertificationStatus.Active ? (application, null) : (null, l["Listing.SupplierNotCertified", l["Certification." + status]]);
    }

    /// <summary>Whether the supplier's changes skip review; false without an application.</summary>
    public async Task<bool> AutoApproveAsync(Guid supplierId, CancellationToken cancellationToken) =>
        (await ApplicationAsync(supplierId, cancellationToken))?.AutoApproveListings ?? false;

    /// <summary>Whether the caller's If-Match (when sent) names the listing's revision.</summary>
    public static bool Matches(Listing listing, int? expectedRevision) => expectedRevision is not { } revision || revision == listing.Revision;

    public string RevisionChanged(Listing listing) => l["Listing.RevisionChanged", listing.Revision];

    /// <summary>Saves; a concurrent change (the revision moved) is a conflict and a product code taken meanwhile a field error.</summary>
    public async Task<ListingOutcome<T>> SaveAsync<T>(Func<T> result, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ListingOutcome<T>.Ok(result());
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ListingOutcome<T>.Fail(ListingFailure.Conflict, l["Listing.ChangedMeanwhile"]);
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            // The unique (supplier, product code) index: another request took the code between the check and the save.
            db.ChangeTracker.Clear();
            return ListingOutcome<T>.Invalid("productCode", l["Listing.ProductCodeInUse"]);
        }
    }

    private static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal),
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    public async Task<bool> ProductCodeInUseAsync(Guid supplierId, string productCode, Guid? except, CancellationToken cancellationToken)
    {
        var code = productCode.Trim();
        return await db.Listings.AnyAsync(x => x.SupplierId == supplierId && x.ProductCode == code && x.Id != except, cancellationToken);
    }
}
