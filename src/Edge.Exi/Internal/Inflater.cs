namespace Edge.Exi.Internal;

/// <summary>
/// A DEFLATE (RFC 1951) decoder that stops exactly at the end of its stream. EXI compression puts several raw
/// DEFLATE streams back to back (§9.3); the BCL's decoder reads ahead past the end of a stream, so it cannot tell
/// where the next one begins. Output is bounded: a small input that inflates beyond the bound is rejected.
/// </summary>
internal sealed class Inflater
{
    private static readonly int[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly int[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly int[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly int[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static readonly int[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    private readonly PrefixedStream _input;
    private readonly int _maxOutput;
    private readonly long _startByte;
    private byte[] _output = new byte[1024];
    private int _length;
    private int _bitBuffer;
    private int _bitCount;

    private Inflater(PrefixedStream input, int maxOutput)
    {
        _input = input;
        _maxOutput = maxOutput;
        _startByte = input.Consumed;
    }

    /// <summary>Inflates one raw DEFLATE stream from <paramref name="input"/>, leaving the bytes after it unread.</summary>
    public static MemoryStream Inflate(PrefixedStream input, int maxOutput)
    {
        var inflater = new Inflater(input, maxOutput);
        inflater.Run();
        return new MemoryStream(inflater._output, 0, inflater._length, writable: false);
    }

    private void Run()
    {
        bool final;
        do
        {
            final = Bits(1) == 1;
            switch (Bits(2))
            {
                case 0:
                    Stored();
                    break;
                case 1:
                    Codes(FixedLiterals, FixedDistances);
                    break;
                case 2:
                    Dynamic();
                    break;
                default:
                    throw Error("Invalid DEFLATE block type 3");
            }
        }
        while (!final);
    }

    private void Stored()
    {
        _bitBuffer = 0;
        _bitCount = 0;
        int length = NextByte() | (NextByte() << 8);
        int complement = NextByte() | (NextByte() << 8);
        if ((length ^ 0xFFFF) != complement)
        {
            throw Error("DEFLATE stored block length check failed");
        }

        for (int i = 0; i < length; i++)
        {
            Emit((byte)NextByte());
        }
    }

    private void Dynamic()
    {
        int literalCount = Bits(5) + 257;
        int distanceCount = Bits(5) + 1;
        int codeLengthCount = Bits(4) + 4;
        if (literalCount > 286 || distanceCount > 30)
        {
            throw Error("Too many DEFLATE codes");
        }

        int[] lengths = new int[320];
        for (int i = 0; i < codeLengthCount; i++)
        {
            lengths[CodeLengthOrder[i]] = Bits(3);
        }

        var codeLengths = new Huffman(lengths.AsSpan(0, 19));
        int index = 0;
        while (index < literalCount + distanceCount)
        {
            int symbol = Decode(codeLengths);
            if (symbol < 16)
            {
                lengths[index++] = symbol;
                continue;
            }

            int repeat;
            int value = 0;
            if (symbol == 16)
            {
                if (index == 0)
                {
                    throw Error("DEFLATE repeat with no previous length");
                }

                value = lengths[index - 1];
                repeat = 3 + Bits(2);
            }
            else
            {
                repeat = symbol == 17 ? 3 + Bits(3) : 11 + Bits(7);
            }

            if (index + repeat > literalCount + distanceCount)
            {
                throw Error("DEFLATE code lengths overflow");
            }

            while (repeat-- > 0)
            {
                lengths[index++] = value;
            }
        }

        Codes(new Huffman(lengths.AsSpan(0, literalCount)), new Huffman(lengths.AsSpan(literalCount, distanceCount)));
    }

    private void Codes(Huffman literals, Huffman distances)
    {
        while (true)
        {
            int symbol = Decode(literals);
            if (symbol < 256)
            {
                Emit((byte)symbol);
                continue;
            }

            if (symbol == 256)
            {
                return;
            }

            symbol -= 257;
            if (symbol >= 29)
            {
                throw Error("Invalid DEFLATE length code");
            }

            int length = LengthBase[symbol] + Bits(LengthExtra[symbol]);
            int distanceSymbol = Decode(distances);
            if (distanceSymbol >= 30)
            {
                throw Error("Invalid DEFLATE distance code");
            }

            int distance = DistanceBase[distanceSymbol] + Bits(DistanceExtra[distanceSymbol]);
            if (distance > _length)
            {
                throw Error("DEFLATE distance beyond the start of the output");
            }

            for (int i = 0; i < length; i++)
            {
                Emit(_output[_length - distance]);
            }
        }
    }

    private int Decode(Huffman table)
    {
        int code = 0;
        int first = 0;
        int index = 0;
        for (int length = 1; length <= 15; length++)
        {
            code |= Bits(1);
            int count = table.Counts[length];
            if (code - count < first)
            {
                return table.Symbols[index + (code - first)];
            }

            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }

        throw Error("Invalid DEFLATE Huffman code");
    }

    private int Bits(int count)
    {
        while (_bitCount < count)
        {
            _bitBuffer |= NextByte() << _bitCount;
            _bitCount += 8;
        }

        int value = _bitBuffer & ((1 << count) - 1);
        _bitBuffer >>= count;
        _bitCount -= count;
        return value;
    }

    private int NextByte()
    {
        int b = _input.ReadByte();
        return b >= 0 ? b : throw Error("Unexpected end of DEFLATE stream");
    }

    private void Emit(byte value)
    {
        if (_length == _output.Length)
        {
            if (_length >= _maxOutput)
            {
                throw Error($"DEFLATE stream inflates beyond {_maxOutput} bytes");
            }

            Array.Resize(ref _output, (int)Math.Min(_maxOutput, _output.Length * 2L));
        }

        _output[_length++] = value;
    }

    private ExiException Error(string message) =>
        new($"{message} (compressed byte {_input.Consumed - _startByte} of this stream)", _input.Consumed * 8);

    private static Huffman FixedLiterals { get; } = new(FixedLengths(288, i => i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8));

    private static Huffman FixedDistances { get; } = new(FixedLengths(30, _ => 5));

    private static int[] FixedLengths(int count, Func<int, int> length)
    {
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            lengths[i] = length(i);
        }

        return lengths;
    }

    /// <summary>A canonical Huffman code as counts per length and symbols in code order (RFC 1951 §3.2.2).</summary>
    private sealed class Huffman
    {
        public Huffman(ReadOnlySpan<int> lengths)
        {
            foreach (int length in lengths)
            {
                Counts[length]++;
            }

            Counts[0] = 0;
            Span<int> offsets = stackalloc int[16];
            for (int length = 1; length < 15; length++)
            {
                offsets[length + 1] = offsets[length] + Counts[length];
            }

            Symbols = new int[lengths.Length];
            for (int symbol = 0; symbol < lengths.Length; symbol++)
            {
                if (lengths[symbol] != 0)
                {
                    Symbols[offsets[lengths[symbol]]++] = symbol;
                }
            }
        }

        public int[] Counts { get; } = new int[16];

        public int[] Symbols { get; }
    }
}
