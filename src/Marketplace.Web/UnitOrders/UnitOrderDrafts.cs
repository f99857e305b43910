using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Web.Accounts;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.UnitOrders;

/// <summary>A draft to save: the sheet as CSV text (pasted, typed in the grid, or read from the uploaded file).</summary>
public sealed record SaveUnitOrderDraftRequest(
    [property: JsonConverter(typeof(JsonStringEnumConverter<OrderKind>))] OrderKind? Kind, string? Name, string? Content, string? PoNumber, string? Note);

public sealed record UnitOrderDraftSummary(Guid Id, OrderKind Kind, string Name, DateTime UpdatedAt);

public sealed record UnitOrderDraftView(Guid Id, OrderKind Kind, string Name, string Content, string? PoNumber, string? Note, DateTime UpdatedAt);

internal sealed class SaveUnitOrderDraftRequestValidator : AbstractValidator<SaveUnitOrderDraftRequest>
{
    public SaveUnitOrderDraftRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Kind).NotNull().Must(k => k is OrderKind.Bulk or OrderKind.Uniform).WithMessage(_ => l["UnitOrder.KindInvalid"]);
        RuleFor(r => r.Name).Required(l, "UnitOrder.DraftName").MaximumLength(UnitOrderDraft.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["UnitOrder.DraftName"], UnitOrderDraft.NameMaxLength]);
        RuleFor(r => r.Content).NotNull().WithMessage(_ => l["Validation.Required", l["UnitOrder.Sheet"]]).MaximumLength(UnitOrderDraft.MaxContentChars)
            .WithMessage(_ => l["Validation.MaxLength", l["UnitOrder.Sheet"], UnitOrderDraft.MaxContentChars]);
        RuleFor(r => r.PoNumber).MaximumLength(Order.PoNumberMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Order.PoNumber"], Order.PoNumberMaxLength]);
        RuleFor(r => r.Note).MaximumLength(Order.NoteMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Order.Note"], Order.NoteMaxLength]);
    }
}

/// <summary>Saved drafts of bulk and uniform orders: each purchaser sees and changes only their own.</summary>
public sealed class UnitOrderDrafts(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<UnitOrderDraftSummary>> ListAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.UnitOrderDrafts.AsNoTracking().Where(d => d.UserId == userId).OrderByDescending(d => d.UpdatedAt)
            .Select(d => new UnitOrderDraftSummary(d.Id, d.Kind, d.Name, d.UpdatedAt)).ToListAsync(cancellationToken);

    public async Task<UnitOrderDraftView?> FindAsync(Guid userId, Guid draftId, CancellationToken cancellationToken) =>
        await db.UnitOrderDrafts.AsNoTracking().Where(d => d.Id == draftId && d.UserId == userId)
            .Select(d => new UnitOrderDraftView(d.Id, d.Kind, d.Name, d.Content, d.PoNumber, d.Note, d.UpdatedAt)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Creates (<paramref name="draftId"/> null) or replaces a draft; null when it is not the user's or they have too many.</summary>
    public async Task<UnitOrderDraftView?> SaveAsync(ClaimsPrincipal user, Guid? draftId, SaveUnitOrderDraftRequest request, CancellationToken cancellationToken)
    {
        var userId = AuditActors.UserId(user)!.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        UnitOrderDraft? draft;
        if (draftId is { } id)
        {
            draft = await db.UnitOrderDrafts.SingleOrDefaultAsync(d => d.Id == id && d.UserId == userId, cancellationToken);
        }
        else
        {
            draft = await db.UnitOrderDrafts.CountAsync(d => d.UserId == userId, cancellationToken) >= UnitOrderDraft.MaxPerUser
                ? null
                : db.UnitOrderDrafts.Add(new UnitOrderDraft(userId, user.GetOrganizationId()!.Value, now)).Entity;
        }

        if (draft is null)
        {
            return null;
        }

        draft.Change(request.Kind!.Value, request.Name!.Trim(), request.Content!, Ordering.PlaceOrder.Trimmed(request.PoNumber), Ordering.PlaceOrder.Trimmed(request.Note), now);
        await db.SaveChangesAsync(cancellationToken);
        return new(draft.Id, draft.Kind, draft.Name, draft.Content, draft.PoNumber, draft.Note, draft.UpdatedAt);
    }

    public async Task<bool> DeleteAsync(Guid userId, Guid draftId, CancellationToken cancellationToken) =>
        await db.UnitOrderDrafts.Where(d => d.Id == draftId && d.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 1;
}
