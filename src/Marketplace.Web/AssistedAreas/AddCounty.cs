using FluentValidation;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Web.Accounts;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.AssistedAreas;

public sealed record AddCountyRequest(string? Code, string? Name, string? Prefecture, string? Province, AssistedRegion? Region, AssistanceType? AssistanceType);

internal sealed class AddCountyRequestValidator : AbstractValidator<AddCountyRequest>
{
    public AddCountyRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Code).Required(l, "County.Code").Must(County.IsWellFormedCode).WithMessage(_ => l["County.CodeInvalid"]);
        RuleFor(r => r.Name).Required(l, "County.Name").MaximumLength(County.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["County.Name"], County.NameMaxLength]);
        RuleFor(r => r.Prefecture).Required(l, "County.Prefecture").MaximumLength(County.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["County.Prefecture"], County.NameMaxLength]);
        RuleFor(r => r.Province).Required(l, "County.Province").MaximumLength(County.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["County.Province"], County.NameMaxLength]);
        RuleFor(r => r.Region).NotNull().WithMessage(_ => l["Validation.Required", l["County.Region"]]).IsInEnum();
        RuleFor(r => r.AssistanceType).NotNull().WithMessage(_ => l["Validation.Required", l["County.AssistanceType"]]).IsInEnum();
    }
}

/// <summary>An operator adds a county; a code that exists already is refused.</summary>
public sealed class AddCounty(MarketplaceDbContext db, AuditLog audit)
{
    public async Task<CountyResponse?> HandleAsync(AddCountyRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var code = request.Code!.Trim();
        if (await db.Counties.AnyAsync(c => c.Code == code, cancellationToken))
        {
            return null;
        }

        var county = new County(code, request.Name!, request.Prefecture!, request.Province!, request.Region!.Value, request.AssistanceType!.Value);
        db.Counties.Add(county);
        audit.Append(AuditActors.Of(context), AuditActions.CountyAdded, AuditSubjects.County, code,
            new { county.Name, county.Prefecture, county.Province, region = county.Region.ToString(), assistanceType = county.AssistanceType.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return ListCounties.Response(county, []);
    }
}
