using FluentValidation;
using Marketplace.Core.Agreements;
using Marketplace.Core.Ordering;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Agreements;

/// <summary>A new agreement. Units agree for themselves; operators name the buyer (the group or a unit).</summary>
public sealed record CreateAgreementRequest(
    string? Title, Guid? BuyerOrganizationId, Guid? SupplierId, long? CapFen, DateOnly? ValidFrom, DateOnly? ValidTo,
    IReadOnlyList<AgreementItemInput>? Items, IReadOnlyList<AgreementDeliveryInput>? Deliveries);

public sealed record AgreementItemInput(Guid? SkuId, long? UnitPriceFen);

public sealed record AgreementDeliveryInput(DateOnly? DueOn, Guid? SkuId, int? Quantity);

internal sealed class CreateAgreementRequestValidator : AbstractValidator<CreateAgreementRequest>
{
    public CreateAgreementRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["Validation.Required", l["Agreement.Title"]])
            .MaximumLength(ProcurementAgreement.TitleMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Agreement.Title"], ProcurementAgreement.TitleMaxLength]);
        RuleFor(r => r.SupplierId).NotNull().WithMessage(_ => l["Validation.Required", l["Agreement.Supplier"]]);
        RuleFor(r => r.CapFen).NotNull().WithMessage(_ => l["Agreement.CapRange"]).InclusiveBetween(1, 100_000_000_000).WithMessage(_ => l["Agreement.CapRange"]);
        RuleFor(r => r.ValidFrom).NotNull().WithMessage(_ => l["Agreement.ValidityInvalid"]);
        RuleFor(r => r.ValidTo).NotNull().WithMessage(_ => l["Agreement.ValidityInvalid"]).GreaterThanOrEqualTo(r => r.ValidFrom).WithMessage(_ => l["Agreement.ValidityInvalid"]);
        RuleFor(r => r.Items).Must(items => items is { Count: > 0 and <= ProcurementAgreement.MaxItems }).WithMessage(_ => l["Agreement.ItemsRequired", ProcurementAgreement.MaxItems]);
        RuleForEach(r => r.Items).NotNull().WithMessage(_ => l["Agreement.ItemInvalid"]).ChildRules(item =>
        {
            item.RuleFor(x => x.SkuId).NotNull().WithMessage(_ => l["Agreement.ItemInvalid"]);
            item.RuleFor(x => x.UnitPriceFen).NotNull().WithMessage(_ => l["Agreement.ItemInvalid"]).InclusiveBetween(1, 100_000_000).WithMessage(_ => l["Agreement.ItemInvalid"]);
        }).When(r => r.Items is not null);
        RuleFor(r => r.Deliveries).Must(d => d is null || d.Count <= ProcurementAgreement.MaxDeliveries).WithMessage(_ => l["Agreement.DeliveryInvalid"]);
        RuleForEach(r => r.Deliveries).NotNull().WithMessage(_ => l["Agreement.DeliveryInvalid"]).ChildRules(delivery =>
        {
            delivery.RuleFor(x => x.DueOn).NotNull().WithMessage(_ => l["Agreement.DeliveryInvalid"]);
            delivery.RuleFor(x => x.SkuId).NotNull().WithMessage(_ => l["Agreement.DeliveryInvalid"]);
            delivery.RuleFor(x => x.Quantity).NotNull().WithMessage(_ => l["Agreement.DeliveryInvalid"]).InclusiveBetween(1, OrderingOptions.MaxQuantityPerLine).WithMessage(_ => l["Agreement.DeliveryInvalid"]);
        }).When(r => r.Deliveries is not null);
    }
}

/// <summary>A call-off: a scheduled delivery, or SKUs and quantities on demand; delivered to <see cref="Address"/>.</summary>
public sealed record CallOffInput(Guid? DeliveryId, IReadOnlyList<PlaceOrderLine>? Lines, AddressInput? Address, string? Note);

internal sealed class CallOffInputValidator : AbstractValidator<CallOffInput>
{
    public CallOffInputValidator(IStringLocalizer<SharedResource> l, FluentValidation.IValidator<AddressInput> address)
    {
        RuleFor(r => r.Lines).Must((r, lines) => (r.DeliveryId is null) == lines is { Count: > 0 }).WithMessage(_ => l["Agreement.CallOffWhat"]);
        RuleFor(r => r.Lines!).Must(lines => lines.Count <= OrderingOptions.MaxLines && lines.All(x => x is not null) && lines.Select(x => x.SkuId).Distinct().Count() == lines.Count)
            .WithMessage(_ => l["Order.DuplicateSku"]).When(r => r.Lines is not null);
        RuleForEach(r => r.Lines).ChildRules(line => line.RuleFor(x => x.Quantity).InclusiveBetween(1, OrderingOptions.MaxQuantityPerLine)
            .WithMessage(_ => l["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine])).When(r => r.Lines is not null && r.Lines.All(x => x is not null));
        RuleFor(r => r.Address).NotNull().WithMessage(_ => l["Validation.Required", l["Address.Title"]]);
        RuleFor(r => r.Address!).SetValidator(address).When(r => r.Address is not null);
        RuleFor(r => r.Note).MaximumLength(Order.NoteMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Order.Note"], Order.NoteMaxLength]);
    }
}
