using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Suppliers;

/// <summary>
/// Whether a supplier is certified at an instant: its application is Active and the China date of the instant is
/// within the validity. Listing rules use it: a suspended or expired supplier's listings leave the storefront.
/// </summary>
public sealed class SupplierCertification(MarketplaceDbContext db)
{
    public async Task<bool> IsCertifiedAsync(Guid supplierId, DateTime at, CancellationToken cancellationToken = default)
    {
        var date = ChinaCalendar.DateOf(at);
        return await db.SupplierApplications.AnyAsync(
            a => a.OrganizationId == supplierId && a.Status == CertificationStatus.Active
                && a.ValidFrom <= date && a.ValidTo >= date,
            cancellationToken);
    }
}
