namespace Edge.Exi.Internal;

/// <summary>The EXI header (EXI 1.0 §5): cookie, distinguishing bits, presence bit, format version, options.</summary>
internal static class Header
{
    public static void Write(BitOutput output, ExiOptions options)
    {
        if (options.OmitHeader)
        {
            return;
        }

        if (options.IncludeCookie)
        {
            output.WriteBytes("$EXI"u8);
        }

        output.WriteBits(0b10, 2);
        output.WriteBits(options.IncludeOptions ? 1u : 0u, 1);
        output.WriteBits(0, 1);
        output.WriteBits(0, 4);
        if (options.IncludeOptions)
        {
            OptionsDocument.Write(output, options);
        }

        if (options.IsByteAligned)
        {
            output.Align();
        }
    }

    /// <summary>Reads the header; options in the stream win over the out-of-band <paramref name="outOfBand"/>.</summary>
    public static ExiOptions Read(BitInput input, ExiOptions outOfBand)
    {
        if (outOfBand.OmitHeader)
        {
            return outOfBand.Clone();
        }

        uint first = input.ReadBits(2);
        if (first == 0b00)
        {
            // "$EXI" begins 0x24 = 00100100: the cookie.
            if (input.ReadBits(6) != 0x24 || input.ReadByte() != 'E' || input.ReadByte() != 'X' || input.ReadByte() != 'I')
            {
                throw input.Error("Not an EXI stream: bad cookie");
            }

            first = input.ReadBits(2);
        }

        if (first != 0b10)
        {
            throw new ExiException("Not an EXI stream: distinguishing bits are not 10", input.BitPosition - 2);
        }

        bool optionsPresent = input.ReadBits(1) == 1;
        bool preview = input.ReadBits(1) == 1;
        int version = 1;
        uint chunk;
        do
        {
            chunk = input.ReadBits(4);
            version += (int)chunk;
            if (version > 1000)
            {
                throw input.Error("Absurd EXI format version");
            }
        }
        while (chunk == 15);

        if (preview || version != 1)
        {
            throw input.Error($"Unsupported EXI format version {(preview ? "preview " : string.Empty)}{version}");
        }

        ExiOptions options = optionsPresent ? OptionsDocument.Read(input, outOfBand) : outOfBand.Clone();
        if (options.IsByteAligned)
        {
            input.Align();
        }

        return options;
    }
}
