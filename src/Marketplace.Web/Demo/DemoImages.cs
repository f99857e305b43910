using System.Security.Cryptography;
using Marketplace.Core.Catalog;
using Marketplace.Web.Drawing;
using SkiaSharp;

namespace Marketplace.Web.Demo;

/// <summary>A drawn demo picture in the two stored sizes.</summary>
public sealed record DemoImage(string ContentType, int Width, int Height, byte[] Display, byte[] Thumbnail, string Hash);

/// <summary>
/// Product placeholders for the demo listings, drawn at seed time without any network: a tile in the product's colour
/// with its name (when a font with Chinese glyphs is installed, e.g. fonts-noto-cjk; otherwise its product code).
/// </summary>
public static class DemoImages
{
    public const int DisplaySize = 800;
    public const int ThumbnailSize = 240;

    public static DemoImage? Draw(DemoListing listing)
    {
        try
        {
            using var display = Render(listing, DisplaySize);
            using var thumbnail = Render(listing, ThumbnailSize);
            var displayBytes = Encode(display);
            var hash = Convert.ToHexStringLower(SHA256.HashData(displayBytes))[..ListingImage.HashLength];
            return new DemoImage("image/jpeg", DisplaySize, DisplaySize, displayBytes, Encode(thumbnail), hash);
        }
        catch (Exception exception) when (exception is DllNotFoundException or TypeInitializationException)
        {
            // Without Skia's native library on this platform the demo listings simply have no picture.
            return null;
        }
    }

    private static SKImage Render(DemoListing listing, int size)
    {
        var colour = SKColor.Parse(listing.Colour);
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        var scale = size / (float)DisplaySize;
        using (var background = new SKPaint { IsAntialias = true })
        {
            background.Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(size, size), [Lighter(colour, 0.35f), colour], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, size, size, background);
        }

        using (var disc = new SKPaint { IsAntialias = true, Color = SKColors.White.WithAlpha(46) })
        {
            canvas.DrawCircle(size * 0.78f, size * 0.22f, 220 * scale, disc);
            canvas.DrawCircle(size * 0.15f, size * 0.9f, 160 * scale, disc);
        }

        var typeface = Typefaces.Chinese is { } chinese && chinese.ContainsGlyphs(listing.Name) ? chinese : null;
        var text = typeface is null ? listing.Code : listing.Name;
        using var font = new SKFont(typeface ?? Typefaces.Latin, 84 * scale);
        while (font.MeasureText(text) > size * 0.86f && font.Size > 12)
        {
            font.Size -= 4 * scale;
        }

        using var ink = new SKPaint { IsAntialias = true, Color = SKColors.White };
        canvas.DrawText(text, size / 2f, size * 0.56f, SKTextAlign.Center, font, ink);
        if (listing.Brand is { } brand && typeface is not null)
        {
            using var small = new SKFont(typeface, 40 * scale);
            using var faint = new SKPaint { IsAntialias = true, Color = SKColors.White.WithAlpha(210) };
            canvas.DrawText(brand, size / 2f, size * 0.68f, SKTextAlign.Center, small, faint);
        }

        return surface.Snapshot();
    }

    private static byte[] Encode(SKImage image)
    {
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    private static SKColor Lighter(SKColor colour, float amount) => new(
        (byte)(colour.Red + ((255 - colour.Red) * amount)),
        (byte)(colour.Green + ((255 - colour.Green) * amount)),
        (byte)(colour.Blue + ((255 - colour.Blue) * amount)));
}
