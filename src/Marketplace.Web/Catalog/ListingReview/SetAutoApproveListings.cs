using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.ListingReview;

/// <summary>Whether a trusted supplier's listings skip the review queue.</summary>
public sealed record SetAutoApproveListingsRequest(bool? AutoApprove);

public sealed record AutoApproveListingsResponse(Guid SupplierId, bool AutoApproveListings);

internal sealed class SetAutoApproveListingsRequestValidator : AbstractValidator<SetAutoApproveListingsRequest>
{
    public SetAutoApproveListingsRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.AutoApprove).NotNull().WithMessage(_ => l["Validation.Required", l["ListingReview.AutoApprove"]]);
}

/// <summary>
/// An operator trusts a supplier (its listings are approved on submission) or stops trusting it. Listings already in
/// the queue stay there. Audited with the value before and after.
/// </summary>
public sealed class SetAutoApproveListings(MarketplaceDbContext db, AuditLog audit)
{
    public async Task<AutoApproveListingsResponse?> HandleAsync(
        Guid supplierId, SetAutoApproveListingsRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var application = await db.SupplierApplications.SingleOrDefaultAsync(a => a.OrganizationId == supplierId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var before = application.AutoApproveListings;
        application.SetAutoApproveListings(request.AutoApprove!.Value);
        audit.Append(AuditActors.Of(context), AuditActions.SupplierAutoApproveListingsSet, AuditSubjects.Organization, supplierId.ToString(),
            new { before, after = application.AutoApproveListings });
        await db.SaveChangesAsync(cancellationToken);
        return new(supplierId, application.AutoApproveListings);
    }
}
