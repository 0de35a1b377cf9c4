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
        return local < 0 ? -1 : partition.QNameIds[local];
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

    private int WriteQName(string uri, string localName)
    {
        UriPartition partition = WriteUri(uri);
        int local = partition.FindLocalName(localName);
        if (local >= 0)
        {
            Structure.WriteUnsigned(0);
            Structure.WriteNBit(local, CodePoints.BitsFor(partition.LocalNames.Count));
        }
        else
        {
            Structure.WriteString(localName, 1);
            local = _table.AddLocalName(partition.Id, localName);
        }

        return partition.QNameIds[local];
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
    private void WriteTypeName(string value)
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
            _channels.Add(qname, value);
            return;
        }

        WriteValue(Structure, qname, value);
    }

    /// <summary>A value through the value partitions: local hit, global hit or miss (§7.3.3).</summary>
    public void WriteValue(BitOutput output, int qname, string value)
    {
        int globalId = _table.FindValue(value, out GlobalValue? entry);
        if (entry is not null && entry.QName == qname)
        {
            output.WriteUnsigned(0);
            output.WriteNBit(entry.LocalId, CodePoints.BitsFor(_table.QName(qname).LocalValues.Count));
        }
        else if (entry is not null)
        {
            output.WriteUnsigned(1);
            output.WriteNBit(globalId, CodePoints.BitsFor(_table.GlobalValueCount));
        }
        else
        {
            output.WriteString(value, 2);
            _table.AddValue(qname, value);
        }
    }
}
