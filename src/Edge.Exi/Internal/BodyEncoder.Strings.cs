namespace Edge.Exi.Internal;

/// <summary>String-table coding of names and values (EXI 1.0 §7.1.7, §7.3).</summary>
internal sealed partial class BodyEncoder
{
    private int FindQName(string uri, string localName)
    {
        int uriId = _table.FindUri(uri);
        if (uriId < 0)
        {
            return -1;
        }

        UriPartition partition = _table.Uri(uriId);
        int local = partition.FindLocalName(localName);
        return local < 0 ? -1 : partition.QNameId(local);
    }

    private UriPartition WriteUri(string uri)
    {
        int id = _table.FindUri(uri);
        int bits = CodePoints.BitsFor(_table.UriCount + 1);
        if (id >= 0)
        {
            Structure.WriteNBit(id + 1, bits);
            return _table.Uri(id);
        }

        Structure.WriteNBit(0, bits);
        Structure.WriteString(uri);
        return _table.AddUri(uri);
    }

    private int WriteQName(string uri, string localName) => WriteLocalName(WriteUri(uri), localName);

    /// <summary>The local-name part of a qualified name, in a URI partition already coded (§7.1.7).</summary>
    private int WriteLocalName(UriPartition partition, string localName)
    {
        int local = partition.FindLocalName(localName);
        if (local >= 0)
        {
            Structure.WriteUnsigned(0);
            Structure.WriteNBit(local, CodePoints.BitsFor(partition.LocalNameCount));
        }
        else
        {
            Structure.WriteString(localName, 1);
            local = _table.AddLocalName(partition.Id, localName);
        }

        return partition.QNameId(local);
    }

    private void WriteQNamePrefix(int qname, string prefix)
    {
        UriPartition partition = _table.Uri(_table.QName(qname).Uri);
        int count = partition.Prefixes.Count;
        if (count > 1)
        {
            // An undeclared prefix is coded as 0; the NS event that follows (local-element-ns) names it (§7.1.7).
            Structure.WriteNBit(Math.Max(0, partition.FindPrefix(prefix)), CodePoints.BitsFor(count));
        }
    }

    /// <summary>
    /// The value of xsi:type is a qualified name coded through the URI and local-name partitions (and the prefix
    /// partition when prefixes are preserved), in the structure, not a string value (§8.4.3, as EXIficient does).
    /// </summary>
    private int WriteTypeName(string value)
    {
        string trimmed = value.Trim();
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        string prefix = colon < 0 ? string.Empty : trimmed[..colon];
        string localName = colon < 0 ? trimmed : trimmed[(colon + 1)..];
        string uri = ResolvePrefix(prefix)
            ?? throw new InvalidOperationException($"The prefix of xsi:type '{value}' is not declared.");
        int qname = WriteQName(uri, localName);
        if (_options.PreservePrefixes)
        {
            WriteQNamePrefix(qname, prefix);
        }

        return qname;
    }

    private string? ResolvePrefix(string prefix)
    {
        for (int i = _namespaces.Count - 1; i >= 0; i--)
        {
            if (_namespaces[i].Prefix == prefix)
            {
                return _namespaces[i].Uri;
            }
        }

        return prefix switch
        {
            "" => string.Empty,
            "xml" => ExiConstants.XmlNamespace,
            _ => null,
        };
    }

    private void Value(int qname, string value)
    {
        if (_channels is not null)
        {
            _channels.Add(qname, value, null);
            return;
        }

        WriteValue(Structure, qname, value);
    }

    /// <summary>A schema-typed value, now or into its channel (channels keep the text and type it when written).</summary>
    private void SchemaValue(int qname, Schema.Datatype type, string value, in Schema.TypedValue typed)
    {
        if (_channels is not null)
        {
            _channels.Add(qname, value, type);
            return;
        }

        WriteTypedValue(Structure, qname, type, value, typed, parsed: true);
    }

    /// <summary>A value from a channel: untyped (string table) or of a schema datatype.</summary>
    public void WriteChannelValue(BitOutput output, int qname, string value, Schema.Datatype? type)
    {
        if (type is null)
        {
            WriteValue(output, qname, value);
        }
        else
        {
            WriteTypedValue(output, qname, type, value, default, parsed: false);
        }
    }

    /// <summary>A value in its datatype's representation (§7.1): strings and list items of string types go through the table.</summary>
    private void WriteTypedValue(BitOutput output, int qname, Schema.Datatype type, string value, in Schema.TypedValue typed, bool parsed)
    {
        switch (type.Kind)
        {
            case Schema.DatatypeKind.String:
            case Schema.DatatypeKind.RestrictedString:
                WriteValue(output, qname, value, type);
                return;
            case Schema.DatatypeKind.List:
                string[] items = parsed ? typed.Items! : value.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries);
                output.WriteUnsigned((ulong)items.Length);
                foreach (string item in items)
                {
                    WriteTypedValue(output, qname, type.Item!, item, default, parsed: false);
                }

                return;
            default:
                Schema.TypedValue value2 = typed;
                if (!parsed && !Schema.TypedValue.TryParse(type, value, out value2))
                {
                    throw new InvalidOperationException($"'{value}' is not a valid {type}.");
                }

                Schema.TypedValueCodec.Write(output, type, value2);
                return;
        }
    }

    /// <summary>A value through the value partitions: local hit, global hit or miss (§7.3.3).</summary>
    public void WriteValue(BitOutput output, int qname, string value, Schema.Datatype? type = null)
    {
        int globalId = _table.FindValue(value, out GlobalValue? entry);
        if (entry is not null && entry.QName == qname)
        {
            output.WriteUnsigned(0);
            output.WriteNBit(entry.LocalId, CodePoints.BitsFor(_table.QName(qname).LocalValueCount));
        }
        else if (entry is not null)
        {
            output.WriteUnsigned(1);
            output.WriteNBit(globalId, CodePoints.BitsFor(_table.GlobalValueCount));
        }
        else if (type is { Kind: Schema.DatatypeKind.RestrictedString })
        {
            // A miss of a restricted-character-set string: each character as its n-bit index, or the escape then
            // its code point (§7.1.10.1).
            output.WriteUnsigned((ulong)(CodePoints.Count(value) + 2));
            int escape = type.CharacterSet.Length;
            foreach (System.Text.Rune rune in value.EnumerateRunes())
            {
                int code = type.CharacterCode(rune.Value);
                if (code >= 0)
                {
                    output.WriteNBit(code, type.Bits);
                }
                else
                {
                    output.WriteNBit(escape, type.Bits);
                    output.WriteUnsigned((ulong)rune.Value);
                }
            }

            _table.AddValue(qname, value);
        }
        else
        {
            output.WriteString(value, 2);
            _table.AddValue(qname, value);
        }
    }
}
