using System.Security.Cryptography;
using System.Text;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Web.Ordering;

namespace Marketplace.Web.UnitOrders;

public enum UnitOrderFailure
{
    None,
    FundingNotAllowed,
    Refused,
    BadLines,
    KeyReused,

    /// <summary>No free order number after <see cref="PlaceOrder.MaxNumberAttempts"/> draws; nothing was stored.</summary>
    NumberUnavailable,
}

public sealed record UnitOrderOutcome(UnitOrderFailure Failure, OrderAccepted? Order = null, bool Replayed = false, UnitOrderRefusal? Refusal = null, UnitOrderCheckResult? Check = null);

/// <summary>
/// Places a checked bulk or uniform order as a unit collective order paid from unit procurement funds, through the same
/// path as every order (<see cref="PlaceOrder.StoreAsync"/>: Idempotency-Key, outbox, the order service prices and
/// reserves). Any bad line orders nothing. A uniform order keeps its roster beside it.
/// </summary>
public sealed class SubmitUnitOrder(CheckUnitOrder check, PlaceOrder place, OrderNumbers numbers, MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<UnitOrderOutcome> HandleAsync(UnitOrderInput input, string key, HttpContext context, CancellationToken cancellationToken)
    {
        if (OrderBuyer.Of(context.User, FundingSource.UnitProcurement) is not { } buyer)
        {
            return new(UnitOrderFailure.FundingNotAllowed);
        }

        var hash = Hash(input);
        if (await place.EarlierAsync(buyer.UserId, key, hash, cancellationToken) is { } earlier)
        {
            return earlier.Failure == PlaceOrderFailure.None ? new(UnitOrderFailure.None, earlier.Order, Replayed: true) : new(UnitOrderFailure.KeyReused);
        }

        var (checkedOrder, refused) = await check.HandleAsync(buyer.UserId, input, cancellationToken);
        if (refused is not null)
        {
            return new(UnitOrderFailure.Refused, Refusal: refused);
        }

        if (!checkedOrder!.Result.IsGood)
        {
            return new(UnitOrderFailure.BadLines, Check: checkedOrder.Result);
        }

        var request = new OrderRequest(
            buyer.UserId, buyer.UnitId, buyer.Channel, FundingSource.UnitProcurement, checkedOrder.Address, null, PlaceOrder.Trimmed(input.PoNumber),
            PlaceOrder.Trimmed(input.Note), null, key, checkedOrder.Lines, input.Kind, input.Kind == OrderKind.Bulk ? checkedOrder.Deliveries : null);
        var outcome = await place.StoreAsync(
            buyer, key, hash, now => Order.Submit(request, hash, now, numbers),
            order =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return BulkInsert.AddAllAsync(
                    db, checkedOrder.Roster.Select(r => new RosterEntry(order.Id, r.Line, r.Name, r.EmployeeNumber, r.Department, r.SkuId, r.Quantity, now)).ToList(), cancellationToken);
            },
            cancellationToken);
        return outcome.Failure switch
        {
            PlaceOrderFailure.None => new(UnitOrderFailure.None, outcome.Order, outcome.Replayed, Check: checkedOrder.Result),
            PlaceOrderFailure.NumberUnavailable => new(UnitOrderFailure.NumberUnavailable),
            _ => new(UnitOrderFailure.KeyReused),
        };
    }

    private static string Hash(UnitOrderInput input)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{input.Kind}\n{input.SavedAddressId}\n{input.PoNumber}\n{input.Note}\n"));
        sha.AppendData(input.Content);
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
