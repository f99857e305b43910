using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests;

/// <summary>Every endpoint says who may call it; anonymous access is never an accident.</summary>
public sealed class EndpointAuthorizationTests : WebAppFixture
{
    [Test]
    public void Every_endpoint_declares_authorization_or_anonymity()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any()
                && e.Metadata.GetMetadata<AuthorizationPolicy>() is null)
            .Select(e => e.DisplayName ?? (e as RouteEndpoint)?.RoutePattern.RawText ?? "?")
            .ToList();

        Assert.That(endpoints, Is.Not.Empty);
        Assert.That(undeclared, Is.Empty, "Endpoints without [Authorize]/[AllowAnonymous] (or RequireAuthorization/AllowAnonymous):");
    }

    [TestCase("/", true)]
    [TestCase("/account/login", true)]
    [TestCase("/account/access-denied", true)]
    [TestCase("/health/ready", true)]
    [TestCase("/openapi/{documentName}.json", true)]
    [TestCase("/account/logout", false)]
    [TestCase("/account/register", true)]
    [TestCase("/account/confirm-email", true)]
    [TestCase("/account/forgot-password", true)]
    [TestCase("/account/reset-password", true)]
    [TestCase("/api/account/register", true)]
    [TestCase("/api/account/login", true)]
    [TestCase("/api/account/refresh", true)]
    [TestCase("/api/account/me", false)]
    public void Known_endpoints_are_open_or_closed_as_intended(string route, bool anonymous)
    {
        var matching = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => string.Equals("/" + e.RoutePattern.RawText?.TrimStart('/'), route, StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.That(matching, Is.Not.Empty);
        Assert.That(matching.Select(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null), Has.All.EqualTo(anonymous));
    }
}
