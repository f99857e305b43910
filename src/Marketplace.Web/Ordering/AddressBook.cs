using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Ordering;

public sealed record SaveAddressRequest(string? Label, AddressInput? Address, bool IsDefault);

public sealed record SavedAddressView(Guid Id, string? Label, DeliveryAddress Address, bool IsDefault);

/// <summary>The buyer's address book: at most <see cref="SavedAddress.MaxPerUser"/> entries, one default.</summary>
public sealed class AddressBook(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SavedAddressView>> ListAsync(Guid userId, CancellationToken cancellationToken) =>
        (await db.SavedAddresses.AsNoTracking().Where(a => a.UserId == userId).ToListAsync(cancellationToken))
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.CreatedAt).Select(View).ToList();

    /// <summary>Adds (no <paramref name="id"/>) or changes an entry; null when the entry is not the user's or the book is full.</summary>
    public async Task<SavedAddressView?> SaveAsync(Guid userId, Guid? id, SaveAddressRequest request, CancellationToken cancellationToken)
    {
        var all = await db.SavedAddresses.Where(a => a.UserId == userId).ToListAsync(cancellationToken);
        var label = string.IsNullOrWhiteSpace(request.Label) ? null : request.Label.Trim();
        SavedAddress? entry;
        if (id is { } existing)
        {
            entry = all.SingleOrDefault(a => a.Id == existing);
            entry?.Change(label, request.Address!.ToAddress());
        }
        else
        {
            entry = all.Count >= SavedAddress.MaxPerUser ? null : new SavedAddress(userId, label, request.Address!.ToAddress(), clock.GetUtcNow().UtcDateTime);
            if (entry is not null)
            {
                db.SavedAddresses.Add(entry);
                all.Add(entry);
            }
        }

        if (entry is null)
        {
            return null;
        }

        if (request.IsDefault || all.Count == 1)
        {
            foreach (var other in all)
            {
                other.SetDefault(other == entry);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return View(entry);
    }

    public async Task<bool> DeleteAsync(Guid userId, Guid id, CancellationToken cancellationToken) =>
        await db.SavedAddresses.Where(a => a.Id == id && a.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 1;

    private static SavedAddressView View(SavedAddress a) => new(a.Id, a.Label, a.Address, a.IsDefault);
}

internal sealed class SaveAddressRequestValidator : AbstractValidator<SaveAddressRequest>
{
    public SaveAddressRequestValidator(IStringLocalizer<SharedResource> l, IValidator<AddressInput> address)
    {
        RuleFor(r => r.Label).MaximumLength(SavedAddress.LabelMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Address.Label"], SavedAddress.LabelMaxLength]);
        RuleFor(r => r.Address).NotNull().WithMessage(_ => l["Validation.Required", l["Address.Title"]]);
        RuleFor(r => r.Address!).SetValidator(address).When(r => r.Address is not null);
    }
}
