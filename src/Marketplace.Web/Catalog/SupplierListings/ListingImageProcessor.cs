using System.Security.Cryptography;
using SkiaSharp;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>What an upload turned out to be.</summary>
public enum ImageCheck
{
    Ok,
    NotAnImage,
    TooManyPixels,
    Damaged,
}

/// <summary>An uploaded picture decoded and encoded again: a display size, a thumbnail, their format and the URL hash.</summary>
public sealed record ProcessedImage(string ContentType, int Width, int Height, byte[] Display, byte[] Thumbnail, string Hash);

/// <summary>
/// Turns an upload into the stored picture. The kind is read from the first bytes (JPEG, PNG, WebP), never from the
/// name; the size in pixels from the header, before anything is decoded, so a small file that unpacks into a huge
/// bitmap is refused cheaply. Decoding and encoding again drops whatever else the file carried (EXIF, GPS, scripts).
/// </summary>
public static class ListingImageProcessor
{
    public const long MaxBytes = 8 * 1024 * 1024;
    public const long MaxPixels = 40_000_000;
    public const int DisplayMaxSide = 1200;
    public const int ThumbnailMaxSide = 320;
    private const int Quality = 85;

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool LooksLikeImage(ReadOnlySpan<byte> content) =>
        content.StartsWith(Jpeg) || content.StartsWith(Png)
        || (content.Length >= 12 && content[..4].SequenceEqual("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8));

    public static (ImageCheck Check, ProcessedImage? Image) Process(byte[] content)
    {
        if (!LooksLikeImage(content))
        {
            return (ImageCheck.NotAnImage, null);
        }

        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            return (ImageCheck.Damaged, null);
        }

        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return (ImageCheck.TooManyPixels, null);
        }

        using var decoded = Decode(codec);
        if (decoded is null)
        {
            return (ImageCheck.Damaged, null);
        }

        using var upright = Upright(decoded, codec.EncodedOrigin);
        var opaque = codec.Info.AlphaType == SKAlphaType.Opaque;
        var (format, contentType) = opaque ? (SKEncodedImageFormat.Jpeg, "image/jpeg") : (SKEncodedImageFormat.Webp, "image/webp");
        var (display, width, height) = Encode(upright, DisplayMaxSide, format);
        var (thumbnail, _, _) = Encode(upright, ThumbnailMaxSide, format);
        var hash = Convert.ToHexStringLower(SHA256.HashData(display))[..Core.Catalog.ListingImage.HashLength];
        return (ImageCheck.Ok, new ProcessedImage(contentType, width, height, display, thumbnail, hash));
    }

    /// <summary>Decodes at the smallest size the codec offers that still covers the display size (JPEG can skip pixels while decoding).</summary>
    private static SKBitmap? Decode(SKCodec codec)
    {
        var longest = Math.Max(codec.Info.Width, codec.Info.Height);
        var scaled = longest > DisplayMaxSide ? codec.GetScaledDimensions((float)DisplayMaxSide / longest) : codec.Info.Size;
        foreach (var size in new[] { scaled, codec.Info.Size }.Distinct())
        {
            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            var bitmap = new SKBitmap(info);
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
            {
                return bitmap;
            }

            bitmap.Dispose();
        }

        return null;
    }

    /// <summary>Phones store photos sideways with an EXIF orientation; re-encoding drops the tag, so the pixels are turned instead.</summary>
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return bitmap.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var width = swap ? bitmap.Height : bitmap.Width;
        var height = swap ? bitmap.Width : bitmap.Height;
        var turned = new SKBitmap(new SKImageInfo(width, height, bitmap.ColorType, bitmap.AlphaType));
        using var canvas = new SKCanvas(turned);
        canvas.SetMatrix(origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
            _ => SKMatrix.Identity,
        });
        canvas.DrawBitmap(bitmap, 0, 0);
        return turned;
    }

    private static (byte[] Bytes, int Width, int Height) Encode(SKBitmap source, int maxSide, SKEncodedImageFormat format)
    {
        var longest = Math.Max(source.Width, source.Height);
        var scale = longest > maxSide ? (double)maxSide / longest : 1;
        var width = Math.Max(1, (int)Math.Round(source.Width * scale));
        var height = Math.Max(1, (int)Math.Round(source.Height * scale));
        using var resized = scale < 1
            ? source.Resize(new SKImageInfo(width, height, source.ColorType, source.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell))
            : source.Copy();
        using var image = SKImage.FromBitmap(resized);
        using var encoded = image.Encode(format, Quality);
        return (encoded.ToArray(), width, height);
    }
}
