using System.Globalization;
using System.Runtime.InteropServices;
using FluentValidation;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.UnitOrders;

/// <summary>
/// A bulk-order sheet or uniform roster as uploaded or pasted, with the order's default place and its PO number and note;
/// <paramref name="ProgressToken"/>: where to report how far the check has got (<see cref="UnitOrderCheckProgressStore"/>).
/// </summary>
public sealed record UnitOrderInput(OrderKind Kind, byte[] Content, Guid? SavedAddressId, string? PoNumber, string? Note, Guid? ProgressToken = null);

/// <summary>
/// One SKU's pieces over the whole sheet (a uniform roster's per-size totals), at the unit price its volume tier gives;
/// <paramref name="ReadyBy"/>: made to order and promised ready by that China date (null: sent from stock).
/// </summary>
public sealed record UnitOrderSkuTotal(Guid SkuId, string ProductName, string Spec, int Quantity, long UnitPriceFen, DateOnly? ReadyBy = null);

/// <summary>What a check found: every bad line with its reason in one pass, or the order that would be placed.</summary>
public sealed record UnitOrderCheckResult(
    OrderKind Kind, int Rows, int OrderLines, int Deliveries, long EstimatedTotalFen, IReadOnlyList<UnitOrderSkuTotal> Totals, IReadOnlyList<SheetLineError> Errors)
{
    public bool IsGood => Errors.Count == 0;
}

public sealed record RosterRow(int Line, string Name, string EmployeeNumber, string Department, Guid SkuId, int Quantity);

/// <summary>A checked sheet: the result, and when it is good, what the order is made of.</summary>
public sealed record CheckedUnitOrder(
    UnitOrderCheckResult Result, DeliveryAddress Address, IReadOnlyList<DeliveryRequest> Deliveries, IReadOnlyList<RequestedLine> Lines, IReadOnlyList<RosterRow> Roster);

/// <summary>Why a sheet could not be checked at all (before any line): the answer is a field error.</summary>
public sealed record UnitOrderRefusal(string Field, string Message);

/// <summary>
/// Checks a bulk-order sheet or a uniform roster the way the order service will decide it — SKU known and on sale,
/// the listing's minimum, stock (not for a SKU made to order, which is promised by its lead time), each SKU once per place — plus what only the sheet can be wrong about (quantity
/// text, addresses, sizes, duplicates), and reports every bad line with its line number and reason in one pass.
/// The catalog is read set-based (<see cref="OrderCatalog"/>), so 10,000 lines cost a handful of queries. Writes nothing.
/// </summary>
public sealed class CheckUnitOrder(
    MarketplaceDbContext db, IValidator<AddressInput> addressValidator, UnitOrderCheckProgressStore progressStore, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<(CheckedUnitOrder? Checked, UnitOrderRefusal? Refused)> HandleAsync(Guid userId, UnitOrderInput input, CancellationToken cancellationToken)
    {
        if (input.Content.Length == 0)
        {
            return (null, new("file", l["Import.Empty"]));
        }

        if (input.Content.LongLength > UnitOrdersApi.MaxBytes)
        {
            return (null, new("file", l["Import.TooLarge", UnitOrdersApi.MaxBytes / 1024 / 1024]));
        }

        var book = await db.SavedAddresses.AsNoTracking().Where(a => a.UserId == userId).ToListAsync(cancellationToken);
        var home = input.SavedAddressId is { } savedId ? book.SingleOrDefault(a => a.Id == savedId) : book.FirstOrDefault(a => a.IsDefault) ?? book.FirstOrDefault();
        if (home is null)
        {
            return (null, new("savedAddressId", l["Address.Unknown"]));
        }

        IReadOnlyList<SheetRow> rows;
        try
        {
            rows = Sheet.Read(input.Content, input.Kind == OrderKind.Uniform ? UnitOrderSheets.Roster : UnitOrderSheets.Bulk, OrderingOptions.MaxUnitOrderLines);
        }
        catch (SheetFormatException exception)
        {
            return (null, new("file", exception.Message switch
            {
                var m when m.StartsWith("missing:", StringComparison.Ordinal) => l["Import.MissingColumns", m["missing:".Length..]],
                "rows" => l["Import.TooManyRows", OrderingOptions.MaxUnitOrderLines],
                "empty" => l["Import.Empty"],
                _ => l["Import.Unreadable"],
            }));
        }

        if (rows.Count == 0)
        {
            return (null, new("file", l["Order.NoLines"]));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var progress = await progressStore.StartAsync(input.ProgressToken, userId, rows.Count, cancellationToken);
        var result = input.Kind == OrderKind.Uniform
            ? await RosterAsync(rows, home.Address, now, progress, cancellationToken)
            : await BulkAsync(rows, home, book, now, progress, cancellationToken);
        await progress.DoneAsync(rows.Count, cancellationToken);
        return (result, null);
    }

    private async Task<CheckedUnitOrder> BulkAsync(
        IReadOnlyList<SheetRow> rows, SavedAddress home, List<SavedAddress> book, DateTime now, CheckProgress progress, CancellationToken cancellationToken)
    {
        var errors = new List<SheetLineError>();
        var byLabel = book.Where(a => a.Label is not null).GroupBy(a => a.Label!.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var deliveries = new List<DeliveryRequest> { new(Label(home.Label, home.Address), home.Address) };
        var deliveryIndex = new Dictionary<DeliveryRequest, int> { [deliveries[0]] = 0 };
        var parsed = new List<(int Line, Guid SkuId, int Quantity, int Delivery)>(rows.Count);
        var firstLineOf = new Dictionary<(Guid, int), int>(rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            var row = rows[index];
            await progress.LineAsync(index, cancellationToken);
            var skuOk = Guid.TryParse(row[0], out var skuId);
            if (!skuOk)
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Sku), l["UnitOrder.UnknownSku", row[0]]));
            }

            var quantity = Quantity(row, 1, required: true, errors);
            var (placeOk, place) = Delivery(row, byLabel, errors);
            int? delivery = !placeOk ? null : place is null ? 0 : deliveryIndex.TryGetValue(place, out var known) ? known : Add(place);
            if (!skuOk || quantity is null || delivery is null)
            {
                continue;
            }

            if (firstLineOf.TryGetValue((skuId, delivery.Value), out var first))
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Sku), l["UnitOrder.Duplicate", first]));
                continue;
            }

            firstLineOf[(skuId, delivery.Value)] = row.Line;
            parsed.Add((row.Line, skuId, quantity.Value, delivery.Value));
        }

        int Add(DeliveryRequest place)
        {
            deliveries.Add(place);
            return deliveryIndex[place] = deliveries.Count - 1;
        }

        var totals = await CatalogAsync(parsed.ConvertAll(p => (p.Line, p.SkuId, p.Quantity)), now, errors, cancellationToken);
        var lines = parsed.ConvertAll(p => new RequestedLine(p.SkuId, p.Quantity, p.Delivery));
        return Finish(OrderKind.Bulk, rows.Count, errors, totals, home.Address, deliveries, lines, []);
    }

    private async Task<CheckedUnitOrder> RosterAsync(
        IReadOnlyList<SheetRow> rows, DeliveryAddress address, DateTime now, CheckProgress progress, CancellationToken cancellationToken)
    {
        var errors = new List<SheetLineError>();
        var garments = await GarmentsAsync(rows.Select(r => r[3]).Where(g => g.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), cancellationToken);
        var people = new List<RosterRow>(rows.Count);
        var firstLineOf = new Dictionary<(string, Guid), int>(rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            var row = rows[index];
            await progress.LineAsync(index, cancellationToken);
            var ok = Required(row, 0, UnitOrderSheets.Name, RosterEntry.NameMaxLength, errors)
                & Required(row, 1, UnitOrderSheets.EmployeeNumber, RosterEntry.EmployeeNumberMaxLength, errors)
                & Required(row, 2, UnitOrderSheets.Department, RosterEntry.DepartmentMaxLength, errors);
            var quantity = Quantity(row, 5, required: false, errors);
            Guid? skuId = null;
            if (row[3].Length == 0)
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Garment), l["Validation.Required", ListingSheet.Header(UnitOrderSheets.Garment)]));
            }
            else if (!garments.TryGetValue(row[3], out var listings) || listings.Count == 0)
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Garment), l["UnitOrder.UnknownGarment", row[3]]));
            }
            else if (listings.Count > 1)
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Garment), l["UnitOrder.AmbiguousGarment", row[3]]));
            }
            else if (SizeChart.Find(listings[0], row[4]) is { } sku)
            {
                skuId = sku.Id;
            }
            else
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Size), l["UnitOrder.UnknownSize", row[4], string.Join("、", SizeChart.Sizes(listings[0]))]));
            }

            if (!ok || quantity is null || skuId is null)
            {
                continue;
            }

            if (firstLineOf.TryGetValue((row[1], skuId.Value), out var first))
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.EmployeeNumber), l["UnitOrder.DuplicatePerson", first]));
                continue;
            }

            firstLineOf[(row[1], skuId.Value)] = row.Line;
            people.Add(new(row.Line, row[0], row[1], row[2], skuId.Value, quantity.Value));
        }

        var totals = await CatalogAsync(people.ConvertAll(p => (p.Line, p.SkuId, p.Quantity)), now, errors, cancellationToken);
        var lines = totals.ConvertAll(t => new RequestedLine(t.SkuId, t.Quantity));
        return Finish(OrderKind.Uniform, rows.Count, errors, totals, address, [], lines, people);
    }

    private CheckedUnitOrder Finish(
        OrderKind kind, int rows, List<SheetLineError> errors, IReadOnlyList<UnitOrderSkuTotal> totals, DeliveryAddress address,
        IReadOnlyList<DeliveryRequest> deliveries, IReadOnlyList<RequestedLine> lines, IReadOnlyList<RosterRow> roster)
    {
        var sorted = errors.OrderBy(e => e.Line).ThenBy(e => e.Column, StringComparer.Ordinal).ToList();
        var result = new UnitOrderCheckResult(
            kind, rows, lines.Count, deliveries.Count, sorted.Count == 0 ? totals.Sum(t => t.Quantity * t.UnitPriceFen) : 0, totals, sorted);
        return new(result, address, deliveries, lines, roster);
    }

    /// <summary>The order service's rules over all lines at once: SKU known and on sale, the listing's minimum, and stock for the SKU's total.</summary>
    private async Task<List<UnitOrderSkuTotal>> CatalogAsync(
        List<(int Line, Guid SkuId, int Quantity)> lines, DateTime now, List<SheetLineError> errors, CancellationToken cancellationToken)
    {
        // Pieces per SKU in first-seen order (the order of the totals), summed in one pass.
        var piecesOfSku = new Dictionary<Guid, int>(lines.Count);
        foreach (var (_, skuId, quantity) in lines)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(piecesOfSku, skuId, out _) += quantity;
        }

        var catalog = await OrderCatalog.LoadAsync(db, piecesOfSku.Keys, now, cancellationToken);
        var stock = await StockReservations.StockOfAsync(db, piecesOfSku.Keys, cancellationToken);
        var piecesOfListing = catalog.PiecesPerListing(piecesOfSku);
        var today = ChinaCalendar.DateOf(now);
        var bad = new HashSet<Guid>();
        foreach (var (line, skuId, _) in lines)
        {
            var sku = catalog.Sku(skuId);
            var message = catalog.Check(skuId, piecesOfListing) switch
            {
                LineRejection.UnknownSku => l["UnitOrder.UnknownSku", skuId],
                LineRejection.Unavailable => l["UnitOrder.Unavailable", Describe(catalog, sku!)],
                LineRejection.BelowMinimum => l["UnitOrder.BelowMinimum", Describe(catalog, sku!), catalog.ListingOf(sku!).MinimumOrderQuantity, piecesOfListing[sku!.ListingId]],
                _ when !sku!.IsMadeToOrder && stock[skuId] < piecesOfSku[skuId] => l["UnitOrder.OutOfStock", Describe(catalog, sku), piecesOfSku[skuId], stock[skuId]],
                _ => null,
            };
            if (message is not null)
            {
                errors.Add(new(line, ListingSheet.Header(UnitOrderSheets.Sku), message));
                bad.Add(skuId);
            }
        }

        var totals = new List<UnitOrderSkuTotal>(piecesOfSku.Count - bad.Count);
        foreach (var (skuId, pieces) in piecesOfSku)
        {
            if (!bad.Contains(skuId))
            {
                var sku = catalog.Sku(skuId)!;
                totals.Add(new UnitOrderSkuTotal(skuId, catalog.ListingOf(sku).Name, sku.Spec, pieces, sku.UnitPriceFor(pieces), sku.ReadyBy(today)));
            }
        }

        return totals;
    }

    private static string Describe(OrderCatalog catalog, ListingSku sku) => $"{catalog.ListingOf(sku).Name} {sku.Spec}";

    /// <summary>Uniform listings on sale, by product code (or listing id): a code two suppliers share is ambiguous and reported.</summary>
    private async Task<Dictionary<string, List<Listing>>> GarmentsAsync(List<string> names, CancellationToken cancellationToken)
    {
        var ids = names.Select(n => Guid.TryParse(n, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var found = await db.Listings.AsNoTracking().Include(x => x.Skus)
            .Where(x => x.Category == ProductCategory.Uniforms && x.Status == ListingStatus.Published && (names.Contains(x.ProductCode) || ids.Contains(x.Id)))
            .ToListAsync(cancellationToken);
        return names.ToDictionary(
            n => n,
            n => found.Where(x => string.Equals(x.ProductCode, n, StringComparison.OrdinalIgnoreCase) || x.Id.ToString() == n.ToLowerInvariant()).ToList(),
            StringComparer.OrdinalIgnoreCase);
    }

    private int? Quantity(SheetRow row, int column, bool required, List<SheetLineError> errors)
    {
        var text = row[column];
        if (text.Length == 0 && !required)
        {
            return 1;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) && quantity is > 0 and <= OrderingOptions.MaxQuantityPerLine)
        {
            return quantity;
        }

        errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Quantity), l["UnitOrder.BadQuantity", text, OrderingOptions.MaxQuantityPerLine]));
        return null;
    }

    private bool Required(SheetRow row, int column, SheetColumn header, int maxLength, List<SheetLineError> errors)
    {
        var text = row[column];
        var message = text.Length == 0 ? l["Validation.Required", ListingSheet.Header(header)]
            : text.Length > maxLength ? l["Validation.MaxLength", ListingSheet.Header(header), maxLength]
            : null;
        if (message is not null)
        {
            errors.Add(new(row.Line, ListingSheet.Header(header), message));
        }

        return message is null;
    }

    /// <summary>The line's place: its own address columns, a label from the address book, or none given (the order's default place).</summary>
    private (bool Ok, DeliveryRequest? Place) Delivery(SheetRow row, Dictionary<string, SavedAddress> byLabel, List<SheetLineError> errors)
    {
        var label = row[2];
        if (row[3].Length > 0 || row[4].Length > 0 || row[5].Length > 0 || row[6].Length > 0)
        {
            var input = new AddressInput(row[3], row[4], row[5], row[6], null);
            var failures = addressValidator.Validate(input).Errors;
            if (label.Length > OrderDelivery.LabelMaxLength)
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Delivery), l["Validation.MaxLength", ListingSheet.Header(UnitOrderSheets.Delivery), OrderDelivery.LabelMaxLength]));
                return (false, null);
            }

            foreach (var failure in failures)
            {
                errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.AddressLine), failure.ErrorMessage));
            }

            return failures.Count > 0 ? (false, null) : (true, new(Label(label, input.ToAddress()), input.ToAddress()));
        }

        if (label.Length == 0)
        {
            return (true, null);
        }

        if (byLabel.TryGetValue(label, out var saved))
        {
            return (true, new(Label(saved.Label, saved.Address), saved.Address));
        }

        errors.Add(new(row.Line, ListingSheet.Header(UnitOrderSheets.Delivery), l["UnitOrder.UnknownAddress", label]));
        return (false, null);
    }

    private static string Label(string? label, DeliveryAddress address)
    {
        var text = string.IsNullOrWhiteSpace(label) ? address.Recipient : label.Trim();
        return text.Length > OrderDelivery.LabelMaxLength ? text[..OrderDelivery.LabelMaxLength] : text;
    }
}
