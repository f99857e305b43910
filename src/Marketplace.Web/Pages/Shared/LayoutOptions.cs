namespace Marketplace.Web.Pages.Shared;

public static class LayoutOptions
{
    /// <summary>
    /// ViewData key: set to true by pages that must render while the database is down. The header's forms
    /// (language switch, sign out) carry antiforgery tokens, and their keys live in the database.
    /// </summary>
    public const string WithoutForms = "Layout.WithoutForms";
}
