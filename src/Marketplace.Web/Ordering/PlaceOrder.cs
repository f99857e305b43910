using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Web.Accounts;
using Marketplace.Web.Campaigns;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Ordering;

/// <summary>结算: what the buyer asks for. Prices are not part of it: the order service prices from the catalog.</summary>
public sealed record PlaceOrderRequest(
    IReadOnlyList<PlaceOrderLine>? Lines,
    Guid? SavedAddressId,
    AddressInput? Address,
    FundingSource? FundingSource,
    string? InvoiceTitle,
    string? PoNumber,
    string? Note,
    string? CampaignCode);

public sealed record PlaceOrderLine(Guid SkuId, int Quantity);

public sealed record AddressInput(string? Recipient, string? Phone, string? Region, string? Line, string? PostalCode)
{
    public DeliveryAddress ToAddress() =>
        new(Recipient!.Trim(), Phone!.Trim(), Region!.Trim(), Line!.Trim(), string.IsNullOrWhiteSpace(PostalCode) ? null : PostalCode.Trim());
}

/// <summary>The 202 answer: where to follow the order while the order service decides it.</summary>
public sealed record OrderAccepted(Guid OrderId, string Number, OrderStatus Status);

public enum PlaceOrderFailure
{
    None,
    FundingNotAllowed,
    UnknownAddress,
    KeyReused,
    CampaignNotAccepted,

    /// <summary>Every order number drawn was taken already (<see cref="PlaceOrder.MaxNumberAttempts"/> draws); nothing was stored, try again.</summary>
    NumberUnavailable,
}

public sealed record PlaceOrderOutcome(OrderAccepted? Order, bool Replayed, PlaceOrderFailure Failure);

internal sealed partial class AddressInputValidator : AbstractValidator<AddressInput>
{
    public AddressInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(a => a.Recipient).Required(l, "Address.Recipient").MaximumLength(DeliveryAddress.RecipientMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Address.Recipient"], DeliveryAddress.RecipientMaxLength]);
        RuleFor(a => a.Phone).Required(l, "Address.Phone").Matches(PhonePattern()).WithMessage(_ => l["Address.PhoneInvalid"]);
        RuleFor(a => a.Region).Required(l, "Address.Region").MaximumLength(DeliveryAddress.RegionMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Address.Region"], DeliveryAddress.RegionMaxLength]);
        RuleFor(a => a.Line).Required(l, "Address.Line").MaximumLength(DeliveryAddress.LineMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Address.Line"], DeliveryAddress.LineMaxLength]);
        RuleFor(a => a.PostalCode).Matches(PostalCodePattern()).When(a => !string.IsNullOrWhiteSpace(a.PostalCode))
            .WithMessage(_ => l["Address.PostalCodeInvalid"]);
    }

    // A mainland mobile number, or a landline with its area code (0871-1234567).
    [GeneratedRegex(@"^\s*(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)\s*$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^\s*\d{6}\s*$")]
    private static partial Regex PostalCodePattern();
}

internal sealed partial class PlaceOrderRequestValidator : AbstractValidator<PlaceOrderRequest>
{
    public PlaceOrderRequestValidator(IStringLocalizer<SharedResource> l, IValidator<AddressInput> address)
    {
        RuleFor(r => r.Lines).NotEmpty().WithMessage(_ => l["Order.NoLines"])
            .Must(lines => lines is null || lines.Count <= OrderingOptions.MaxLines).WithMessage(_ => l["Order.TooManyLines", OrderingOptions.MaxLines])
            .Must(lines => lines is null || lines.Select(x => x.SkuId).Distinct().Count() == lines.Count).WithMessage(_ => l["Order.DuplicateSku"]);
        RuleForEach(r => r.Lines).ChildRules(line =>
        {
            line.RuleFor(x => x.SkuId).NotEmpty().WithMessage(_ => l["Validation.Required", l["Order.Sku"]]);
            line.RuleFor(x => x.Quantity).InclusiveBetween(1, OrderingOptions.MaxQuantityPerLine)
                .WithMessage(_ => l["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
        });
        RuleFor(r => r.Address).NotNull().When(r => r.SavedAddressId is null).WithMessage(_ => l["Validation.Required", l["Address.Title"]]);
        RuleFor(r => r.Address!).SetValidator(address).When(r => r.Address is not null);
        RuleFor(r => r.FundingSource).IsInEnum().WithMessage(_ => l["Order.FundingInvalid"]);
        RuleFor(r => r.InvoiceTitle).MaximumLength(Order.InvoiceTitleMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Order.InvoiceTitle"], Order.InvoiceTitleMaxLength]);
        RuleFor(r => r.PoNumber).MaximumLength(Order.PoNumberMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Order.PoNumber"], Order.PoNumberMaxLength]);
        RuleFor(r => r.Note).MaximumLength(Order.NoteMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Order.Note"], Order.NoteMaxLength]);
        RuleFor(r => r.CampaignCode).Matches(CampaignPattern()).When(r => r.CampaignCode is not null).WithMessage(_ => l["Order.CampaignInvalid"]);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex CampaignPattern();
}

/// <summary>
/// Stores a submitted order and its <see cref="SubmitOrder"/> message in one transaction and removes the ordered SKUs
/// from the buyer's cart. The same Idempotency-Key answers with the first order; with a different request it is refused.
/// </summary>
public sealed partial class PlaceOrder(MarketplaceDbContext db, CampaignAttribution campaigns, OrderNumbers numbers, TimeProvider clock)
{
    /// <summary>A first draw and three more when the number is taken the same day (one in 10⁸ each).</summary>
    public const int MaxNumberAttempts = 4;

    public const string IdempotencyHeader = "Idempotency-Key";

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    public static partial Regex KeyPattern();

    public async Task<PlaceOrderOutcome> HandleAsync(PlaceOrderRequest request, string key, HttpContext context, CancellationToken cancellationToken)
    {
        var funding = request.FundingSource ?? FundingSource.Personal;
        if (OrderBuyer.Of(context.User, funding) is not { } buyer)
        {
            return new(null, false, PlaceOrderFailure.FundingNotAllowed);
        }

        var hash = Hash(request);
        if (await EarlierAsync(buyer.UserId, key, hash, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var (campaignCode, campaignRefused) = await campaigns.ForOrderAsync(request.CampaignCode, context, buyer, funding, cancellationToken);
        if (campaignRefused)
        {
            return new(null, false, PlaceOrderFailure.CampaignNotAccepted);
        }

        DeliveryAddress address;
        if (request.SavedAddressId is { } savedId)
        {
            var saved = await db.SavedAddresses.AsNoTracking().SingleOrDefaultAsync(a => a.Id == savedId && a.UserId == buyer.UserId, cancellationToken);
            if (saved is null)
            {
                return new(null, false, PlaceOrderFailure.UnknownAddress);
            }

            address = saved.Address;
        }
        else
        {
            address = request.Address!.ToAddress();
        }

        var lines = request.Lines!.Select(l => new RequestedLine(l.SkuId, l.Quantity)).ToList();
        var skuIds = lines.Select(l => l.SkuId).ToList();
        return await StoreAsync(
            buyer, key, hash,
            now => Order.Submit(
                new OrderRequest(
                    buyer.UserId, buyer.UnitId, buyer.Channel, funding, address, Trimmed(request.InvoiceTitle), Trimmed(request.PoNumber),
                    Trimmed(request.Note), campaignCode, key, lines),
                hash, now, numbers),
            async _ => db.CartItems.RemoveRange(await db.CartItems.Where(i => i.UserId == buyer.UserId && skuIds.Contains(i.SkuId)).ToListAsync(cancellationToken)),
            cancellationToken);
    }

    /// <summary>The answer to a key used before: the first order for the same request, a refusal for another; null when the key is new.</summary>
    public async Task<PlaceOrderOutcome?> EarlierAsync(Guid userId, string key, string hash, CancellationToken cancellationToken) =>
        await FindAsync(userId, key, cancellationToken) is { } earlier
            ? earlier.Hash == hash ? new(earlier.Accepted, true, PlaceOrderFailure.None) : new(null, false, PlaceOrderFailure.KeyReused)
            : null;

    /// <summary>
    /// Stores the order <paramref name="submit"/> builds and its <see cref="SubmitOrder"/> message in one transaction (with
    /// whatever <paramref name="alongside"/> adds once the order row is written); a concurrent first use of the same key
    /// wins and is the answer. The lines are written set-based (<see cref="SubmittedOrders"/>): a unit order has 10,000.
    /// </summary>
    public async Task<PlaceOrderOutcome> StoreAsync(
        OrderBuyer buyer, string key, string hash, Func<DateTime, Order> submit, Func<Order, Task> alongside, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = submit(clock.GetUtcNow().UtcDateTime);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // The message first: it goes in the order's own insert batch, not in a round trip of its own.
                db.AddToOutbox(new SubmitOrder(order.Id), clock);
                await SubmittedOrders.AddAsync(db, order, cancellationToken);
                await alongside(order);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new(new OrderAccepted(order.Id, order.Number, order.Status), false, PlaceOrderFailure.None);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();

                // The same key arrived twice at once; the first insert won and its answer is the answer.
                if (await EarlierAsync(buyer.UserId, key, hash, cancellationToken) is { } raced)
                {
                    return raced;
                }

                // Otherwise the random order number was taken the same day: draw another.
                db.ChangeTracker.Clear();
                if (attempt == MaxNumberAttempts)
                {
                    return new(null, false, PlaceOrderFailure.NumberUnavailable);
                }
            }
        }
    }

    private async Task<(OrderAccepted Accepted, string Hash)?> FindAsync(Guid userId, string key, CancellationToken cancellationToken)
    {
        var found = await db.Orders.AsNoTracking().Where(o => o.BuyerUserId == userId && o.IdempotencyKey == key)
            .Select(o => new { o.Id, o.Number, o.Status, o.RequestHash }).SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : (new OrderAccepted(found.Id, found.Number, found.Status), found.RequestHash);
    }

    private static string Hash(PlaceOrderRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
