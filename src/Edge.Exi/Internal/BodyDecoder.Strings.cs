namespace Edge.Exi.Internal;

/// <summary>String-table decoding of names and values (EXI 1.0 §7.1.7, §7.3); every index is range-checked.</summary>
internal sealed partial class BodyDecoder
{
    /// <summary>A value through the value partitions: local hit, global hit or miss (§7.3.3).</summary>
    public string ReadValue(BitInput input, int qname)
    {
        long at = input.BitPosition;
        int n = input.ReadUnsigned();
        if (n == 0)
        {
            int count = _table.QName(qname).LocalValues.Count;
            int id = input.ReadCode(CodePoints.BitsFor(count), count, "local value index");
            return _table.LocalValue(qname, id, at);
        }

        if (n == 1)
        {
            int count = _table.GlobalValueCount;
            int id = input.ReadCode(CodePoints.BitsFor(count), count, "global value index");
            return _table.GlobalValue(id, at);
        }

        string value = input.ReadCodePoints(n - 2, at);
        _table.AddValue(qname, value);
        return value;
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

    private int ReadQName()
    {
        UriPartition partition = ReadUri();
        long at = Input.BitPosition;
        int n = Input.ReadUnsigned();
        int local;
        if (n == 0)
        {
            int count = partition.LocalNames.Count;
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

        return partition.QNameIds[local];
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
