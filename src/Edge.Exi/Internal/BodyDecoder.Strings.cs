namespace Edge.Exi.Internal;

/// <summary>String-table decoding of names and values (EXI 1.0 §7.1.7, §7.3); every index is range-checked.</summary>
internal sealed partial class BodyDecoder
{
    /// <summary>A value from a channel: untyped (string table) or of a schema datatype.</summary>
    public string ReadChannelValue(BitInput input, int qname, Schema.Datatype? type) =>
        type is null ? ReadValue(input, qname) : ReadTypedValue(input, qname, type);

    /// <summary>A value in its datatype's representation (§7.1), as canonical text.</summary>
    public string ReadTypedValue(BitInput input, int qname, Schema.Datatype type)
    {
        switch (type.Kind)
        {
            case Schema.DatatypeKind.String:
            case Schema.DatatypeKind.RestrictedString:
                return ReadValue(input, qname, type);
            case Schema.DatatypeKind.List:
                long at = input.BitPosition;
                int count = input.ReadUnsigned();
                if (count > _options.MaxStringLength)
                {
                    throw new ExiException($"List of {count} items exceeds the limit of {_options.MaxStringLength}", at);
                }

                var text = new System.Text.StringBuilder();
                for (int i = 0; i < count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(' ');
                    }

                    text.Append(ReadTypedValue(input, qname, type.Item!));
                    if (text.Length > _options.MaxStringLength)
                    {
                        throw new ExiException($"List value longer than {_options.MaxStringLength} characters", at);
                    }
                }

                return text.ToString();
            default:
                return Schema.TypedValueCodec.Read(input, type);
        }
    }

    /// <summary>A value through the value partitions: local hit, global hit or miss (§7.3.3).</summary>
    public string ReadValue(BitInput input, int qname, Schema.Datatype? type = null)
    {
        long at = input.BitPosition;
        int n = input.ReadUnsigned();
        if (n == 0)
        {
            int count = _table.QName(qname).LocalValueCount;
            int id = input.ReadCode(CodePoints.BitsFor(count), count, "local value index");
            return _table.LocalValue(qname, id, at);
        }

        if (n == 1)
        {
            int count = _table.GlobalValueCount;
            int id = input.ReadCode(CodePoints.BitsFor(count), count, "global value index");
            return _table.GlobalValue(id, at);
        }

        string value = type is { Kind: Schema.DatatypeKind.RestrictedString } ? ReadRestricted(input, n - 2, at, type) : input.ReadCodePoints(n - 2, at);
        _table.AddValue(qname, value);
        return value;
    }

    /// <summary>A restricted-character-set string: n-bit character codes, the last code escaping a code point (§7.1.10.1).</summary>
    private string ReadRestricted(BitInput input, int length, long lengthAt, Schema.Datatype type)
    {
        if (length > _options.MaxStringLength)
        {
            throw new ExiException($"String length {length} exceeds the limit of {_options.MaxStringLength}", lengthAt);
        }

        var text = new System.Text.StringBuilder(Math.Min(length, 256));
        int escape = type.CharacterSet.Length;
        for (int i = 0; i < length; i++)
        {
            int code = input.ReadCode(type.Bits, escape + 1, "restricted character");
            if (code < escape)
            {
                text.Append(char.ConvertFromUtf32(type.CharacterSet[code]));
                continue;
            }

            long at = input.BitPosition;
            ulong c = input.ReadUnsigned64();
            if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            {
                throw new ExiException($"Invalid code point {c}", at);
            }

            text.Append(char.ConvertFromUtf32((int)c));
        }

        return text.ToString();
    }

    private UriPartition ReadUri()
    {
        int count = _table.UriCount;
        int code = Input.ReadCode(CodePoints.BitsFor(count + 1), count + 1, "URI index");
        if (code > 0)
        {
            return _table.Uri(code - 1);
        }

        long at = Input.BitPosition;
        string uri = Input.ReadString();
        return _table.FindUri(uri) < 0 ? _table.AddUri(uri) : throw new ExiException($"URI '{uri}' coded as new but already in the table", at);
    }

    private int ReadQName() => ReadLocalName(ReadUri());

    /// <summary>The local-name part of a qualified name in a known URI partition (§7.1.7).</summary>
    private int ReadLocalName(UriPartition partition)
    {
        long at = Input.BitPosition;
        int n = Input.ReadUnsigned();
        int local;
        if (n == 0)
        {
            int count = partition.LocalNameCount;
            local = Input.ReadCode(CodePoints.BitsFor(count), count, "local-name index");
        }
        else
        {
            string name = Input.ReadCodePoints(n - 1, at);
            if (partition.FindLocalName(name) >= 0)
            {
                throw new ExiException($"Local name '{name}' coded as new but already in the table", at);
            }

            local = _table.AddLocalName(partition.Id, name);
        }

        return partition.QNameId(local);
    }

    private string? ReadQNamePrefix(int qname)
    {
        UriPartition partition = _table.Uri(_table.QName(qname).Uri);
        int count = partition.Prefixes.Count;
        return count switch
        {
            0 => null,
            1 => partition.Prefixes[0],
            _ => partition.Prefixes[Input.ReadCode(CodePoints.BitsFor(count), count, "prefix index")],
        };
    }
}
