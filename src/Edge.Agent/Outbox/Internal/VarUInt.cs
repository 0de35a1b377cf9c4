using System.Buffers;

namespace Edge.Agent.Outbox.Internal;

/// <summary>LEB128 unsigned numbers (7 bits a byte, low first): the outbox's record and reading encodings share them.</summary>
internal static class VarUInt
{
    public static void Write(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        output.Advance(n);
    }

    /// <summary>Reads one at <paramref name="position"/> and moves past it; throws <see cref="FormatException"/> on a bad one.</summary>
    public static ulong Read(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new FormatException("a variable-length number runs past the end");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("a variable-length number is too long");
    }
}
