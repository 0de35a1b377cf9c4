namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>
/// Consistent Overhead Byte Stuffing (Cheshire &amp; Baker, 1999), without the delimiter. The encoder writes the
/// canonical form of PROTOCOL.md §1 (a 0xFF block that ends the input is not followed by an empty block); the decoder
/// accepts both forms.
/// </summary>
public static class Cobs
{
    /// <summary>The worst-case encoded length of <paramref name="length"/> bytes.</summary>
    public static int GetMaxEncodedLength(int length) => length + (length / 254) + 1;

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/>; returns the encoded length.</summary>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < GetMaxEncodedLength(source.Length))
        {
            throw new ArgumentException("The destination is too small for the worst-case encoding.", nameof(destination));
        }

        int codeAt = 0;
        int o = 1;
        byte code = 1;
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] == 0)
            {
                destination[codeAt] = code;
                codeAt = o++;
                code = 1;
                continue;
            }

            destination[o++] = source[i];
            code++;
            if (code == 0xFF)
            {
                destination[codeAt] = code;
                code = 1;
                if (i + 1 == source.Length)
                {
                    return o;
                }

                codeAt = o++;
            }
        }

        destination[codeAt] = code;
        return o;
    }

    /// <summary>
    /// Decodes <paramref name="source"/> (no 0x00 inside) into <paramref name="destination"/>, which may be the same
    /// memory. Returns false when a code byte is 0 or points past the end, or the output does not fit.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        int i = 0;
        int o = 0;
        written = 0;
        while (i < source.Length)
        {
            byte code = source[i++];
            if (code == 0)
            {
                return false;
            }

            for (int k = 1; k < code; k++)
            {
                if (i >= source.Length || source[i] == 0 || o >= destination.Length)
                {
                    return false;
                }

                destination[o++] = source[i++];
            }

            if (code != 0xFF && i < source.Length)
            {
                if (o >= destination.Length)
                {
                    return false;
                }

                destination[o++] = 0;
            }
        }

        written = o;
        return true;
    }
}
