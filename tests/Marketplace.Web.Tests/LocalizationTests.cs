using System.Globalization;
using System.Net;
using System.Resources;
using Marketplace.Web.Localization;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Web.Tests;

public sealed class LocalizationTests : WebAppFixture
{
    [Test]
    public async Task Home_page_is_Chinese_on_a_first_visit_even_when_the_browser_prefers_English()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, "/", Http.BrowserAccept, acceptLanguage: "en-US,en;q=0.9");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<html lang=\"zh-CN\">"));
            Assert.That(html, Does.Contain("消费帮扶商城"));
            Assert.That(html, Does.Contain("购买者有回报，受助者有尊严"));
            Assert.That(html, Does.Contain("砚山县").And.Contain("泸西县"));
            Assert.That(html, Does.Contain("直接采购").And.Contain("帮助销售"));
            Assert.That(response.Content.Headers.ContentLanguage, Is.EquivalentTo(new[] { "zh-CN" }));
        });
    }

    [Test]
    public async Task Language_switch_turns_the_site_English_and_back()
    {
        using var client = Factory.CreateBrowserLikeClient(followRedirects: true);

        using var english = await SwitchAsync(client, Cultures.English, "/");
        var englishHtml = await english.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(english.RequestMessage?.RequestUri?.AbsolutePath, Is.EqualTo("/"));
            Assert.That(englishHtml, Does.Contain("<html lang=\"en\">"));
            Assert.That(englishHtml, Does.Contain("Consumption Assistance Marketplace"));
            Assert.That(englishHtml, Does.Contain("Direct purchase").And.Contain("Help-sell"));
        });

        using var chinese = await SwitchAsync(client, Cultures.Chinese, "/");
        var chineseHtml = await chinese.Content.ReadAsStringAsync();
        Assert.That(chineseHtml, Does.Contain("<html lang=\"zh-CN\">").And.Contain("消费帮扶商城"));
    }

    [Test]
    public async Task Language_switch_keeps_a_local_return_url()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await SwitchAsync(client, Cultures.English, "/account/login?ReturnUrl=%2F");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/account/login?ReturnUrl=%2F"));
        Assert.That(Http.SetCookies(response), Has.Some.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den"));
    }

    [TestCase("https://evil.example/")]
    [TestCase("//evil.example/")]
    [TestCase("/\\evil.example")]
    public async Task Language_switch_never_redirects_off_site(string returnUrl)
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await SwitchAsync(client, Cultures.English, returnUrl);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task Language_switch_rejects_an_unsupported_culture()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await SwitchAsync(client, "fr", "/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Http.SetCookies(response), Has.None.StartsWith(".AspNetCore.Culture"));
    }

    [Test]
    public async Task Language_switch_needs_the_antiforgery_token()
    {
        using var client = Factory.CreateBrowserLikeClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en", ["returnUrl"] = "/" });

        using var response = await client.PostAsync("/language", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Query_string_picks_the_language_for_one_request()
    {
        using var client = Factory.CreateBrowserLikeClient();

        var html = await client.GetStringAsync("/?culture=en&ui-culture=en");

        Assert.That(html, Does.Contain("<html lang=\"en\">"));
    }

    [Test]
    public void Every_text_exists_in_both_languages()
    {
        var resources = new ResourceManager(typeof(SharedResource).FullName!, typeof(SharedResource).Assembly);

        var chinese = Keys(resources, Cultures.Chinese);
        var english = Keys(resources, Cultures.English);

        Assert.That(chinese, Is.Not.Empty);
        Assert.That(english, Is.EquivalentTo(chinese));
    }

    private static HashSet<string> Keys(ResourceManager resources, string culture)
    {
        var set = resources.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false);
        Assert.That(set, Is.Not.Null, $"No {culture} resources.");
        return set!.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();
    }

    private static Task<HttpResponseMessage> SwitchAsync(HttpClient client, string culture, string returnUrl) =>
        Forms.PostAsync(client, "/", "/language", new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = returnUrl });
}
