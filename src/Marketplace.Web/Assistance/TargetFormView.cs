using Marketplace.Core.Assistance;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Marketplace.Web.Assistance;

/// <summary>What the target form partial shows: the form as typed, the units it may set, and the errors of the last post.</summary>
public sealed record TargetFormView(TargetForm Form, IReadOnlyList<TargetProgress> Units, ModelStateDictionary ModelState)
{
    public string? Error(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;
}
