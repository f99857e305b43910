namespace Marketplace.Web.Errors;

/// <summary>One kind of error: a stable URI for programs, a title for people (Chinese first, then English).</summary>
public sealed record ProblemType(string Slug, int Status, string Title)
{
    public string Uri => Problems.BaseUri + Slug;
}
