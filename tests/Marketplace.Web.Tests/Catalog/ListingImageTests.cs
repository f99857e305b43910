using System.Net;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using static Marketplace.Web.Tests.Catalog.SupplierListingClient;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>Listing pictures: checked by content, re-encoded and resized, served to the supplier.</summary>
public sealed class ListingImageTests : WebAppFixture
{
    private HttpClient _yanshan = null!;
    private Guid _yanshanId;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _yanshan = await SignInAsync(Factory, YanshanStaff);
        _yanshanId = await SupplierIdAsync(Factory, DemoAccounts.YanshanCooperative);
    }

    [OneTimeTearDown]
    public void SignOut() => _yanshan.Dispose();

    [Test]
    public async Task A_png_is_resized_re_encoded_becomes_the_cover_and_is_served_to_its_supplier_only()
    {
        var listing = await NewListingAsync();
        var png = Png(2400, 1600, opaque: true);

        using var uploaded = await UploadAsync(_yanshan, $"{Listings(_yanshanId)}/{listing}/images", png, "牛肉干.png", "image/png");

        Assert.That(uploaded.StatusCode, Is.EqualTo(HttpStatusCode.Created), await uploaded.Content.ReadAsStringAsync());
        var image = await JsonAsync(uploaded);
        Assert.Multiple(() =>
        {
            Assert.That(image.GetProperty("width").GetInt32(), Is.EqualTo(1200));
            Assert.That(image.GetProperty("height").GetInt32(), Is.EqualTo(800));
            Assert.That(image.GetProperty("contentType").GetString(), Is.EqualTo("image/jpeg"));
            Assert.That(image.GetProperty("isCover").GetBoolean(), Is.True);
            Assert.That(image.GetProperty("hash").GetString(), Has.Length.EqualTo(16));
        });

        using var display = await _yanshan.GetAsync(image.GetProperty("displayUrl").GetString());
        using var thumbnail = await _yanshan.GetAsync(image.GetProperty("thumbnailUrl").GetString());
        Assert.That(display.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(display.Headers.CacheControl?.Private, Is.True);
        using (var decoded = SKBitmap.Decode(await display.Content.ReadAsByteArrayAsync()))
        {
            Assert.That((decoded.Width, decoded.Height), Is.EqualTo((1200, 800)));
        }

        using (var small = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync()))
        {
            Assert.That(Math.Max(small.Width, small.Height), Is.EqualTo(320));
        }

        using var luxi = await SignInAsync(Factory, LuxiStaff);
        using var byOther = await luxi.GetAsync(image.GetProperty("displayUrl").GetString());
        Assert.That(byOther.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var cover = await InScopeAsync(Factory, db => db.Listings.Where(l => l.Id == listing).Select(l => l.CoverImageId).SingleAsync());
        Assert.That(cover, Is.EqualTo(image.GetProperty("id").GetGuid()));
    }

    [Test]
    public async Task A_transparent_png_stays_transparent_as_webp_and_removing_the_cover_moves_it_to_the_next()
    {
        var listing = await NewListingAsync();
        using var first = await UploadAsync(_yanshan, $"{Listings(_yanshanId)}/{listing}/images", Png(300, 200, opaque: false), "a.png", "image/png");
        using var second = await UploadAsync(_yanshan, $"{Listings(_yanshanId)}/{listing}/images", Png(100, 100, opaque: true), "b.png", "image/png");
        var firstImage = await JsonAsync(first);
        var secondId = (await JsonAsync(second)).GetProperty("id").GetGuid();
        Assert.That(firstImage.GetProperty("contentType").GetString(), Is.EqualTo("image/webp"));

        using var removed = await _yanshan.DeleteAsync($"{Listings(_yanshanId)}/{listing}/images/{firstImage.GetProperty("id").GetGuid()}");

        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await InScopeAsync(Factory, db => db.Listings.Where(l => l.Id == listing).Select(l => l.CoverImageId).SingleAsync()), Is.EqualTo(secondId));
    }

    [TestCase("text named jpg", HttpStatusCode.UnsupportedMediaType)]
    [TestCase("huge", HttpStatusCode.RequestEntityTooLarge)]
    [TestCase("too many pixels", HttpStatusCode.BadRequest)]
    public async Task Uploads_that_are_not_small_sane_pictures_are_refused_and_nothing_is_written(string kind, HttpStatusCode expected)
    {
        var listing = await NewListingAsync();
        var revision = await RevisionAsync(listing);
        var content = kind switch
        {
            "text named jpg" => "这不是图片，只是文字。"u8.ToArray(),
            "huge" => [.. Png(10, 10, opaque: true), .. new byte[(8 * 1024 * 1024) + 1]],
            _ => Png(8000, 6000, opaque: true),
        };

        using var response = await UploadAsync(_yanshan, $"{Listings(_yanshanId)}/{listing}/images", content, "photo.jpg", "image/jpeg");

        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        Assert.That(await InScopeAsync(Factory, db => db.ListingImages.CountAsync(i => i.ListingId == listing)), Is.Zero);
        Assert.That(await RevisionAsync(listing), Is.EqualTo(revision));
    }

    private async Task<Guid> NewListingAsync() =>
        (await CreateAsync(_yanshan, _yanshanId, NewListing("IMG-" + Guid.NewGuid().ToString("N")[..10]))).GetProperty("id").GetGuid();

    private Task<int> RevisionAsync(Guid listing) => InScopeAsync(Factory, db => db.Listings.Where(l => l.Id == listing).Select(l => l.Revision).SingleAsync());

    private static byte[] Png(int width, int height, bool opaque)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(opaque ? new SKColor(0x8B, 0x45, 0x13) : SKColors.Transparent);
            using var paint = new SKPaint { Color = new SKColor(0xD4, 0xA0, 0x17) };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
