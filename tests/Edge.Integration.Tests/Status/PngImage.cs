using System.Buffers.Binary;
using System.IO.Compression;

namespace Edge.Integration.Tests.Status;

/// <summary>
/// A strict decoder for the PNGs headless Chromium writes (PNG spec, W3C 2003: §11.2.2 IHDR, §11.2.4 IDAT, §9 filters):
/// 8-bit truecolour with or without alpha, not interlaced; anything else is refused. Gives the image as grey levels
/// (ITU-R BT.601 luma), which is what the QR decoder reads.
/// </summary>
internal sealed class PngImage
{
    private PngImage(int width, int height, byte[] luminance)
    {
        Width = width;
        Height = height;
        Luminance = luminance;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>One byte per pixel, row by row.</summary>
    public byte[] Luminance { get; }

    public static PngImage Decode(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("not a PNG");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        int at = 8;
        while (at + 12 <= png.Length)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at)));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                byte depth = data[8], colour = data[9], interlace = data[12];
                if (depth != 8 || colour is not (2 or 6) || interlace != 0)
                {
                    throw new InvalidDataException($"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}");
                }

                channels = colour == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        if (channels == 0)
        {
            throw new InvalidDataException("no IHDR");
        }

        int stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        idat.Position = 0;
        using (var inflate = new ZLibStream(idat, CompressionMode.Decompress))
        {
            inflate.ReadExactly(raw);
        }

        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride);
            var current = pixels.AsSpan(y * stride, stride);
            var previous = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (int x = 0; x < stride; x++)
            {
                int a = x >= channels ? current[x - channels] : 0;
                int b = previous[x];
                int c = x >= channels ? previous[x - channels] : 0;
                current[x] = (byte)(line[x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter type {filter} on row {y}"),
                });
            }
        }

        var luminance = new byte[width * height];
        for (int i = 0; i < luminance.Length; i++)
        {
            int p = i * channels;
            luminance[i] = (byte)((299 * pixels[p] + 587 * pixels[p + 1] + 114 * pixels[p + 2]) / 1000);
        }

        return new PngImage(width, height, luminance);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
