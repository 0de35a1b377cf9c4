using System.Numerics;
using System.Text;

namespace Edge.Exi.Internal;

/// <summary>
/// Reads the EXI primitive encodings (EXI 1.0 §7.1), bit-packed or byte-aligned, from a stream. Every failure is an
/// <see cref="ExiException"/> carrying the bit offset; no allocation is sized by a length read from the input.
/// </summary>
internal sealed class BitInput
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[4096];
    private readonly int _maxStringLength;
    private int _bufferLength;
    private int _bufferPos;
    private long _bytesBeforeBuffer;
    private int _current;
    private int _bitsLeft;

    public BitInput(Stream stream, bool byteAligned, int maxStringLength)
    {
        _stream = stream;
        ByteAligned = byteAligned;
        _maxStringLength = maxStringLength;
    }

    public bool ByteAligned { get; set; }

    /// <summary>Gets the offset, in bits from the start of the input, of the next bit to read.</summary>
    public long BitPosition => ((_bytesBeforeBuffer + _bufferPos) * 8) - _bitsLeft;

    public ExiException Error(string message) => new(message, BitPosition);

    public uint ReadBits(int bitCount)
    {
        uint value = 0;
        for (int i = 0; i < bitCount; i++)
        {
            if (_bitsLeft == 0)
            {
                _current = NextByte();
                _bitsLeft = 8;
            }

            _bitsLeft--;
            value = (value << 1) | (uint)((_current >> _bitsLeft) & 1);
        }

        return value;
    }

    public int ReadNBit(int bitCount)
    {
        if (bitCount == 0)
        {
            return 0;
        }

        if (ByteAligned)
        {
            int value = 0;
            for (int read = 0; read < bitCount; read += 8)
            {
                value |= ReadByte() << read;
            }

            return value;
        }

        return (int)ReadBits(bitCount);
    }

    /// <summary>Reads an n-bit code and checks it against the number of possible values.</summary>
    public int ReadCode(int bitCount, int count, string what)
    {
        long at = BitPosition;
        int value = ReadNBit(bitCount);
        if (value >= count)
        {
            throw new ExiException($"Impossible {what} {value} (only {count} defined)", at);
        }

        return value;
    }

    public bool ReadBoolean() => ReadNBit(1) != 0;

    public ulong ReadUnsigned64()
    {
        long at = BitPosition;
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            int group = ReadByte();
            if (shift > 63 || (shift == 63 && (group & 0x7E) != 0))
            {
                throw new ExiException("Unsigned integer too large", at);
            }

            value |= (ulong)(group & 0x7F) << shift;
            if ((group & 0x80) == 0)
            {
                return value;
            }
        }
    }

    /// <summary>An unsigned integer that must fit in an Int32 (lengths, indices).</summary>
    public int ReadUnsigned()
    {
        long at = BitPosition;
        ulong value = ReadUnsigned64();
        if (value > int.MaxValue)
        {
            throw new ExiException($"Unsigned integer {value} out of range", at);
        }

        return (int)value;
    }

    public long ReadInteger()
    {
        bool negative = ReadBoolean();
        long at = BitPosition;
        ulong magnitude = ReadUnsigned64();
        if (magnitude > long.MaxValue)
        {
            throw new ExiException("Integer out of range", at);
        }

        return negative ? -(long)magnitude - 1 : (long)magnitude;
    }

    /// <summary>
    /// An unsigned integer of any size (§7.1.6), for typed values. At most <paramref name="maxGroups"/> 7-bit groups
    /// are accepted, so a run of continuation bytes cannot make the value grow without bound.
    /// </summary>
    public BigInteger ReadUnsignedBig(int maxGroups = 512)
    {
        long at = BitPosition;
        ulong low = 0;
        int shift = 0;
        BigInteger? big = null;
        for (int groups = 1; ; groups++)
        {
            int group = ReadByte();
            if (groups > maxGroups)
            {
                throw new ExiException($"Integer longer than {maxGroups} 7-bit groups", at);
            }

            if (shift <= 56)
            {
                low |= (ulong)(group & 0x7F) << shift;
            }
            else
            {
                big ??= low;
                big |= (BigInteger)(group & 0x7F) << shift;
            }

            shift += 7;
            if ((group & 0x80) == 0)
            {
                return big ?? low;
            }
        }
    }

    /// <summary>An integer of any size (§7.1.5).</summary>
    public BigInteger ReadIntegerBig()
    {
        bool negative = ReadBoolean();
        BigInteger magnitude = ReadUnsignedBig();
        return negative ? -magnitude - 1 : magnitude;
    }

    public string ReadString()
    {
        long at = BitPosition;
        return ReadCodePoints(ReadUnsigned(), at);
    }

    /// <summary>Reads <paramref name="length"/> code points; memory grows with what is actually read.</summary>
    public string ReadCodePoints(int length, long lengthAt = -1)
    {
        if (length > _maxStringLength)
        {
            throw new ExiException($"String length {length} exceeds the limit of {_maxStringLength}", lengthAt >= 0 ? lengthAt : BitPosition);
        }

        if (length == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(length, 256));
        for (int i = 0; i < length; i++)
        {
            long at = BitPosition;
            ulong c = ReadUnsigned64();
            if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            {
                throw new ExiException($"Invalid code point {c}", at);
            }

            if (c < 0x10000)
            {
                builder.Append((char)c);
            }
            else
            {
                builder.Append(char.ConvertFromUtf32((int)c));
            }
        }

        return builder.ToString();
    }

    public byte[] ReadBinary()
    {
        int length = ReadUnsigned();
        if (length > _maxStringLength)
        {
            throw Error($"Binary length {length} exceeds the limit of {_maxStringLength}");
        }

        using var data = new MemoryStream(Math.Min(length, 4096));
        for (int i = 0; i < length; i++)
        {
            data.WriteByte((byte)ReadByte());
        }

        return data.ToArray();
    }

    /// <summary>Skips to the next byte boundary.</summary>
    public void Align() => _bitsLeft = 0;

    public int ReadByte()
    {
        if (_bitsLeft == 0)
        {
            return NextByte();
        }

        return (int)ReadBits(8);
    }

    /// <summary>Reads whole bytes after aligning; returns how many were available.</summary>
    public int ReadAlignedBytes(Span<byte> destination)
    {
        Align();
        int count = 0;
        while (count < destination.Length)
        {
            if (_bufferPos == _bufferLength && !Fill())
            {
                break;
            }

            int n = Math.Min(destination.Length - count, _bufferLength - _bufferPos);
            _buffer.AsSpan(_bufferPos, n).CopyTo(destination[count..]);
            _bufferPos += n;
            count += n;
        }

        return count;
    }

    /// <summary>Gets the unread bytes of the current buffer followed by the rest of the stream, after aligning.</summary>
    public PrefixedStream RemainderAsStream()
    {
        Align();
        var rest = new PrefixedStream(_buffer, _bufferPos, _bufferLength - _bufferPos, _stream);
        _bufferPos = _bufferLength;
        return rest;
    }

    private int NextByte()
    {
        if (_bufferPos == _bufferLength && !Fill())
        {
            throw Error("Unexpected end of EXI stream");
        }

        return _buffer[_bufferPos++];
    }

    private bool Fill()
    {
        _bytesBeforeBuffer += _bufferLength;
        _bufferPos = 0;
        _bufferLength = 0;
        int n;
        try
        {
            n = _stream.Read(_buffer, 0, _buffer.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new ExiException("Corrupt compressed EXI data", BitPosition, ex);
        }

        _bufferLength = n;
        return n > 0;
    }
}
