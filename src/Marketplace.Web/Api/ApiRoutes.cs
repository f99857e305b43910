namespace Marketplace.Web.Api;

public static class ApiRoutes
{
    /// <summary>Everything under this prefix is for programs: errors are ProblemDetails, never pages or redirects.</summary>
    public const string Prefix = "/api";

    public static bool IsApi(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);
}
