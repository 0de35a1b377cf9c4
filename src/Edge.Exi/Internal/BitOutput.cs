using System.Numerics;

namespace Edge.Exi.Internal;

/// <summary>
/// Writes the EXI primitive encodings (EXI 1.0 §7.1) to a growable buffer, bit-packed or byte-aligned.
/// In byte-aligned mode every n-bit unsigned integer takes ⌈n/8⌉ whole bytes, little-endian (§7.1.9).
/// </summary>
internal sealed class BitOutput
{
    private byte[] _buffer;
    private int _length;
    private int _current;
    private int _bitsInCurrent;

    public BitOutput(bool byteAligned, int initialCapacity = 256)
    {
        ByteAligned = byteAligned;
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    public bool ByteAligned { get; set; }

    /// <summary>Gets the number of whole bytes written so far (a partial byte is not counted).</summary>
    public int Length => _length;

    public void WriteBits(uint value, int bitCount)
    {
        for (int i = bitCount - 1; i >= 0; i--)
        {
            _current = (_current << 1) | (int)((value >> i) & 1);
            if (++_bitsInCurrent == 8)
            {
                Append((byte)_current);
                _current = 0;
                _bitsInCurrent = 0;
            }
        }
    }

    /// <summary>n-bit unsigned integer (§7.1.9).</summary>
    public void WriteNBit(int value, int bitCount)
    {
        if (bitCount == 0)
        {
            return;
        }

        if (ByteAligned)
        {
            for (int written = 0; written < bitCount; written += 8)
            {
                WriteByte((byte)(value >> written));
            }
        }
        else
        {
            WriteBits((uint)value, bitCount);
        }
    }

    /// <summary>Boolean (§7.1.2): one bit, or one byte when byte-aligned.</summary>
    public void WriteBoolean(bool value) => WriteNBit(value ? 1 : 0, 1);

    /// <summary>Unsigned integer (§7.1.6): 7-bit groups, least significant first, high bit = more.</summary>
    public void WriteUnsigned(ulong value)
    {
        do
        {
            int group = (int)(value & 0x7F);
            value >>= 7;
            if (value != 0)
            {
                group |= 0x80;
            }

            WriteByte((byte)group);
        }
        while (value != 0);
    }

    /// <summary>Integer (§7.1.5): sign bit then magnitude; a negative value stores -(v + 1).</summary>
    public void WriteInteger(long value)
    {
        if (value < 0)
        {
            WriteBoolean(true);
            WriteUnsigned((ulong)(-(value + 1)));
        }
        else
        {
            WriteBoolean(false);
            WriteUnsigned((ulong)value);
        }
    }

    /// <summary>Unsigned integer of any size (§7.1.6): 7-bit groups, least significant first.</summary>
    public void WriteUnsigned(BigInteger value)
    {
        if (value <= ulong.MaxValue)
        {
            WriteUnsigned((ulong)value);
            return;
        }

        do
        {
            int group = (int)(value & 0x7F);
            value >>= 7;
            if (!value.IsZero)
            {
                group |= 0x80;
            }

            WriteByte((byte)group);
        }
        while (!value.IsZero);
    }

    /// <summary>Integer of any size (§7.1.5): sign, then the magnitude (of -(v + 1) when negative).</summary>
    public void WriteInteger(BigInteger value)
    {
        WriteBoolean(value.Sign < 0);
        WriteUnsigned(value.Sign < 0 ? -(value + 1) : value);
    }

    /// <summary>String (§7.1.10): length in code points, then each code point as an unsigned integer.</summary>
    public void WriteString(string value) => WriteString(value, 0);

    /// <summary>String whose length prefix is offset (string-table misses add 1 or 2).</summary>
    public void WriteString(string value, int lengthOffset)
    {
        WriteUnsigned((ulong)(CodePoints.Count(value) + lengthOffset));
        WriteCodePoints(value);
    }

    public void WriteCodePoints(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            int c = value[i];
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                c = char.ConvertToUtf32(value[i], value[i + 1]);
                i++;
            }

            if (c < 0x80)
            {
                WriteByte((byte)c);
            }
            else
            {
                WriteUnsigned((ulong)c);
            }
        }
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteUnsigned((ulong)value.Length);
        foreach (byte b in value)
        {
            WriteByte(b);
        }
    }

    /// <summary>Pads with zero bits to the next byte boundary.</summary>
    public void Align()
    {
        if (_bitsInCurrent > 0)
        {
            WriteBits(0, 8 - _bitsInCurrent);
        }
    }

    public void WriteByte(byte value)
    {
        if (_bitsInCurrent == 0)
        {
            Append(value);
        }
        else
        {
            WriteBits(value, 8);
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (_bitsInCurrent == 0)
        {
            EnsureCapacity(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }
        else
        {
            foreach (byte b in bytes)
            {
                WriteBits(b, 8);
            }
        }
    }

    /// <summary>Pads to a byte boundary and returns the bytes written.</summary>
    public ReadOnlySpan<byte> ToSpan()
    {
        Align();
        return _buffer.AsSpan(0, _length);
    }

    /// <summary>Moves the whole bytes written so far to <paramref name="destination"/>, keeping a partial byte.</summary>
    public void DrainTo(Stream destination)
    {
        destination.Write(_buffer, 0, _length);
        _length = 0;
    }

    public void Reset()
    {
        _length = 0;
        _current = 0;
        _bitsInCurrent = 0;
    }

    private void Append(byte value)
    {
        if (_length == _buffer.Length)
        {
            EnsureCapacity(1);
        }

        _buffer[_length++] = value;
    }

    private void EnsureCapacity(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
