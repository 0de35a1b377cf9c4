namespace Edge.Exi.Internal;

/// <summary>
/// The EXI options document of the header (EXI 1.0 §5.4, schema in appendix C), coded as EXI does it: bit-packed,
/// schema-informed from the options schema, strict. Each element of the schema is a sequence of optional
/// children, so at every point the codes are "one of the children still allowed, or EE" (§8.5.4).
/// </summary>
internal static class OptionsDocument
{
    private const int DefaultBlockSize = 1_000_000;

    public static void Write(BitOutput output, ExiOptions options)
    {
        bool wasAligned = output.ByteAligned;
        output.ByteAligned = false;

        bool alignment = options.Alignment is ExiAlignment.ByteAlignment or ExiAlignment.PreCompression;
        bool uncommon = alignment || options.SelfContained || options.ValueMaxLength.HasValue || options.ValuePartitionCapacity.HasValue;
        bool preserve = options.PreserveDtd || options.PreservePrefixes || options.PreserveLexicalValues || options.PreserveComments || options.PreserveProcessingInstructions;
        bool blockSize = options.BlockSize != DefaultBlockSize;
        bool lessCommon = uncommon || preserve || blockSize;
        bool common = options.Alignment == ExiAlignment.Compression || options.Fragment || options.SchemaId is not null;

        output.WriteBits(0, 1); // DocContent: SE(header) of { SE(header), SE(*) }
        var header = new SequenceWriter(output, 3);
        if (lessCommon)
        {
            header.Child(0);
            var less = new SequenceWriter(output, 3);
            if (uncommon)
            {
                less.Child(0);
                var unc = new SequenceWriter(output, 5, wildcardAtStart: true);
                if (alignment)
                {
                    unc.Child(0);
                    output.WriteBits(options.Alignment == ExiAlignment.ByteAlignment ? 0u : 1u, 1);
                }

                if (options.SelfContained)
                {
                    unc.Child(1);
                }

                if (options.ValueMaxLength is int maxLength)
                {
                    unc.Child(2);
                    output.WriteUnsigned((ulong)maxLength);
                }

                if (options.ValuePartitionCapacity is int capacity)
                {
                    unc.Child(3);
                    output.WriteUnsigned((ulong)capacity);
                }

                unc.End();
            }

            if (preserve)
            {
                less.Child(1);
                var pre = new SequenceWriter(output, 5);
                WriteFlag(ref pre, 0, options.PreserveDtd);
                WriteFlag(ref pre, 1, options.PreservePrefixes);
                WriteFlag(ref pre, 2, options.PreserveLexicalValues);
                WriteFlag(ref pre, 3, options.PreserveComments);
                WriteFlag(ref pre, 4, options.PreserveProcessingInstructions);
                pre.End();
            }

            if (blockSize)
            {
                less.Child(2);
                output.WriteUnsigned((ulong)options.BlockSize);
            }

            less.End();
        }

        if (common)
        {
            header.Child(1);
            var com = new SequenceWriter(output, 3);
            WriteFlag(ref com, 0, options.Alignment == ExiAlignment.Compression);
            WriteFlag(ref com, 1, options.Fragment);
            if (options.SchemaId is string schemaId)
            {
                com.Child(2);
                output.WriteBits(0, 1); // CH of { CH, AT(xsi:nil) }: schemaId is nillable
                output.WriteString(schemaId, 2); // a value-table miss in the header's own string table
            }

            com.End();
        }

        if (options.Strict)
        {
            header.Child(2);
        }

        header.End();
        output.ByteAligned = wasAligned;
    }

    public static ExiOptions Read(BitInput input, ExiOptions outOfBand)
    {
        bool wasAligned = input.ByteAligned;
        input.ByteAligned = false;
        var options = new ExiOptions
        {
            MaxStringLength = outOfBand.MaxStringLength,
            MaxDepth = outOfBand.MaxDepth,
            MaxBufferedEvents = outOfBand.MaxBufferedEvents,
            MaxInflatedBytes = outOfBand.MaxInflatedBytes,
            Schema = outOfBand.Schema,
        };

        if (input.ReadBits(1) != 0)
        {
            throw input.Error("The options document must start with the header element");
        }

        var header = new SequenceReader(input, 3);
        for (int child; (child = header.Next()) >= 0;)
        {
            switch (child)
            {
                case 0:
                    ReadLessCommon(input, options);
                    break;
                case 1:
                    ReadCommon(input, options);
                    break;
                default:
                    options.Strict = true;
                    break;
            }
        }

        input.ByteAligned = wasAligned;
        return options;
    }

    private static void ReadLessCommon(BitInput input, ExiOptions options)
    {
        var less = new SequenceReader(input, 3);
        for (int child; (child = less.Next()) >= 0;)
        {
            if (child == 0)
            {
                ReadUncommon(input, options);
            }
            else if (child == 1)
            {
                var pre = new SequenceReader(input, 5);
                for (int flag; (flag = pre.Next()) >= 0;)
                {
                    switch (flag)
                    {
                        case 0: options.PreserveDtd = true; break;
                        case 1: options.PreservePrefixes = true; break;
                        case 2: options.PreserveLexicalValues = true; break;
                        case 3: options.PreserveComments = true; break;
                        default: options.PreserveProcessingInstructions = true; break;
                    }
                }
            }
            else
            {
                long at = input.BitPosition;
                options.BlockSize = input.ReadUnsigned();
                if (options.BlockSize < 1)
                {
                    throw new ExiException("blockSize must be at least 1", at);
                }
            }
        }
    }

    private static void ReadUncommon(BitInput input, ExiOptions options)
    {
        var unc = new SequenceReader(input, 5, wildcardAtStart: true);
        for (int child; (child = unc.Next()) >= 0;)
        {
            switch (child)
            {
                case 0:
                    options.Alignment = input.ReadBits(1) == 0 ? ExiAlignment.ByteAlignment : ExiAlignment.PreCompression;
                    break;
                case 1:
                    options.SelfContained = true;
                    break;
                case 2:
                    options.ValueMaxLength = input.ReadUnsigned();
                    break;
                case 3:
                    options.ValuePartitionCapacity = input.ReadUnsigned();
                    break;
                case 4:
                    throw input.Error("datatypeRepresentationMap in the header is not supported");
                default:
                    throw input.Error("User-defined options in the header are not supported");
            }
        }
    }

    private static void ReadCommon(BitInput input, ExiOptions options)
    {
        var com = new SequenceReader(input, 3);
        for (int child; (child = com.Next()) >= 0;)
        {
            switch (child)
            {
                case 0:
                    options.Alignment = ExiAlignment.Compression;
                    break;
                case 1:
                    options.Fragment = true;
                    break;
                default:
                    if (input.ReadBits(1) == 1)
                    {
                        // AT(xsi:nil): a boolean, then EE; a nil schemaId means schema-less.
                        input.ReadBits(1);
                        options.SchemaId = null;
                    }
                    else
                    {
                        long at = input.BitPosition;
                        int length = input.ReadUnsigned();
                        if (length < 2)
                        {
                            throw new ExiException("schemaId cannot be a string-table hit in a fresh table", at);
                        }

                        options.SchemaId = input.ReadCodePoints(length - 2);
                    }

                    break;
            }
        }
    }

    private static void WriteFlag(ref SequenceWriter sequence, int child, bool present)
    {
        if (present)
        {
            sequence.Child(child);
        }
    }

    /// <summary>Writes "child k of n, in order, each optional" then EE, as strict schema-informed codes.</summary>
    private struct SequenceWriter(BitOutput output, int count, bool wildcardAtStart = false)
    {
        private int _next;

        public void Child(int child)
        {
            output.WriteBits((uint)(child - _next), CodePoints.BitsFor(Choices()));
            _next = child + 1;
        }

        public readonly void End() => output.WriteBits((uint)(Choices() - 1), CodePoints.BitsFor(Choices()));

        private readonly int Choices() => count - _next + 1 + (wildcardAtStart && _next == 0 ? 1 : 0);
    }

    private struct SequenceReader(BitInput input, int count, bool wildcardAtStart = false)
    {
        private int _next;

        /// <summary>Gets the next child present (0-based), <c>count</c> for the wildcard, or -1 at EE.</summary>
        public int Next()
        {
            int choices = count - _next + 1 + (wildcardAtStart && _next == 0 ? 1 : 0);
            int code = input.ReadCode(CodePoints.BitsFor(choices), choices, "options event code");
            if (code == choices - 1)
            {
                return -1;
            }

            int child = _next + code;
            _next = Math.Min(child, count) + 1;
            return child;
        }
    }
}
