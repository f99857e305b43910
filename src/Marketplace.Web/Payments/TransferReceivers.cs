using System.Security.Claims;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Web.Authorization;

namespace Marketplace.Web.Payments;

/// <summary>
/// Who receives a unit's corporate transfers, and so confirms their receipt and records paying them back: operators, or
/// the selling supplier's people when <see cref="CorporateTransferOptions.ConfirmedBy"/> is Supplier. The API and the
/// reconciliation page ask the same question here.
/// </summary>
public static class TransferReceivers
{
    public static async Task<bool> ReceivesAsync(ClaimsPrincipal user, CorporateTransfers transfers, Guid paymentId, CancellationToken cancellationToken) =>
        transfers.Options.ConfirmedBy == TransferConfirmer.Operator
            ? user.IsOperator()
            : (user.HasOrganizationRole(OrganizationRole.SupplierAdmin) || user.HasOrganizationRole(OrganizationRole.SupplierStaff))
              && (await transfers.SuppliersOfAsync(paymentId, cancellationToken)).Contains(user.GetOrganizationId() ?? Guid.Empty);
}
