namespace Marketplace.Web.Accounts;

public static class AccountPaths
{
    public const string Login = "/account/login";
    public const string Logout = "/account/logout";
    public const string AccessDenied = "/account/access-denied";
    public const string Register = "/account/register";
    public const string ConfirmEmail = "/account/confirm-email";
    public const string ForgotPassword = "/account/forgot-password";
    public const string ResetPassword = "/account/reset-password";
}
