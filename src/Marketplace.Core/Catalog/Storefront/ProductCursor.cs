using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Marketplace.Core.Catalog.Storefront;

/// <summary>
/// Where a storefront page ended: the sort, the last listing's sort key (first-published ticks, price in fen or sold
/// quantity) and its id. Opaque to clients; a checksum catches a cursor that was edited or cut, and a cursor only
/// continues the sort it came from. It is not secret: a forged one only moves the page start.
/// </summary>
public sealed record ProductCursor(ProductSort Sort, long Key, Guid Id)
{
    private const int PayloadLength = 1 + 8 + 16;
    private const int ChecksumLength = 4;

    public string Encode()
    {
        var bytes = new byte[PayloadLength + ChecksumLength];
        bytes[0] = (byte)Sort;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1, 8), Key);
        Id.TryWriteBytes(bytes.AsSpan(9, 16), bigEndian: true, out _);
        Checksum(bytes.AsSpan(0, PayloadLength)).CopyTo(bytes.AsSpan(PayloadLength));
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static bool TryDecode(string? text, out ProductCursor cursor)
    {
        cursor = null!;
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(text ?? "");
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length != PayloadLength + ChecksumLength
            || !Checksum(bytes.AsSpan(0, PayloadLength)).AsSpan().SequenceEqual(bytes.AsSpan(PayloadLength))
            || !Enum.IsDefined((ProductSort)bytes[0]))
        {
            return false;
        }

        cursor = new ProductCursor((ProductSort)bytes[0], BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1, 8)), new Guid(bytes.AsSpan(9, 16), bigEndian: true));
        return true;
    }

    private static byte[] Checksum(ReadOnlySpan<byte> payload) => SHA256.HashData(payload)[..ChecksumLength];
}
