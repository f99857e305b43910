using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Accounts;

/// <summary>Identity's errors in the visitor's language, and the form field each belongs to.</summary>
public static class IdentityErrorMessages
{
    public const string EmailField = "email";
    public const string PasswordField = "password";
    public const string CodeField = "code";

    /// <summary>Messages per field (API names: email, password, code), each message once.</summary>
    public static Dictionary<string, string[]> ByField(
        IEnumerable<IdentityError> errors, IStringLocalizer<SharedResource> localizer, PasswordOptions password) =>
        errors
            .Select(e => (Field: FieldOf(e), Message: Describe(e, localizer, password)))
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray());

    public static string FieldOf(IdentityError error) => error.Code switch
    {
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) && error.Code != nameof(IdentityErrorDescriber.PasswordMismatch) => PasswordField,
        nameof(IdentityErrorDescriber.InvalidToken) => CodeField,
        _ => EmailField,
    };

    public static string Describe(IdentityError error, IStringLocalizer<SharedResource> localizer, PasswordOptions password) => error.Code switch
    {
        nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => localizer["Identity.DuplicateEmail"],
        nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => localizer["Validation.Email"],
        nameof(IdentityErrorDescriber.PasswordTooShort) => localizer["Identity.PasswordTooShort", password.RequiredLength],
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => localizer["Identity.PasswordRequiresUniqueChars", password.RequiredUniqueChars],
        nameof(IdentityErrorDescriber.InvalidToken) => localizer["Identity.InvalidToken"],
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => localizer["Identity.PasswordWeak"],
        _ => localizer["Identity.Failed"],
    };
}
