using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Edge.Testing.Xmpp;

/// <summary>
/// Splits what a client writes into frames: XML declarations are skipped, <c>&lt;stream:stream&gt;</c> is a header,
/// <c>&lt;/stream:stream&gt;</c> the end, anything else one first-level element. Deliberately a separate, naive
/// implementation from the production framer (it trusts its input), so the two cannot share a bug.
/// </summary>
internal sealed class ClientStreamScanner
{
    private const string StreamsNamespace = "http://etherx.jabber.org/streams";
    private readonly List<byte> _pending = [];
    private string _streamNamespace = "jabber:client"; // the default namespace of the client's last stream header

    public void Append(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _pending.Add(b);
        }
    }

    /// <summary>Whether only whitespace is left unframed.</summary>
    public bool IsEmpty => _pending.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    public string Pending => Encoding.UTF8.GetString([.. _pending]);

    public bool TryTake(out FakeFrame? frame)
    {
        frame = null;
        while (true)
        {
            var i = 0;
            while (i < _pending.Count && _pending[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
            }

            if (i + 1 >= _pending.Count)
            {
                return false;
            }

            if (_pending[i] != (byte)'<')
            {
                throw new InvalidDataException("The client sent text between elements: " + Pending);
            }

            if (_pending[i + 1] == (byte)'?')
            {
                var declarationEnd = IndexOf("?>", i);
                if (declarationEnd < 0)
                {
                    return false;
                }

                _pending.RemoveRange(0, declarationEnd + 2);
                continue;
            }

            if (_pending[i + 1] == (byte)'/')
            {
                var close = IndexOf(">", i);
                if (close < 0)
                {
                    return false;
                }

                frame = new FakeFrame(FakeFrameKind.StreamEnd, null, Take(i, close + 1));
                return true;
            }

            var tagEnd = EndOfTag(i);
            if (tagEnd < 0)
            {
                return false;
            }

            if (TagName(i) == "stream:stream")
            {
                var header = Take(i, tagEnd + 1);
                var parsed = XElement.Parse(header + "</stream:stream>");
                _streamNamespace = parsed.GetDefaultNamespace().NamespaceName; // what the stanzas after it inherit
                frame = new FakeFrame(FakeFrameKind.StreamHeader, parsed, header);
                return true;
            }

            var end = EndOfElement(i);
            if (end < 0)
            {
                return false;
            }

            var xml = Take(i, end);
            frame = new FakeFrame(FakeFrameKind.Element, ParseElement(xml), xml);
            return true;
        }
    }

    private XElement ParseElement(string xml)
    {
        var names = new XmlNamespaceManager(new NameTable());
        names.AddNamespace(string.Empty, _streamNamespace);
        names.AddNamespace("stream", StreamsNamespace);
        var settings = new XmlReaderSettings { ConformanceLevel = ConformanceLevel.Fragment, DtdProcessing = DtdProcessing.Prohibit };
        using var reader = XmlReader.Create(new StringReader(xml), settings, new XmlParserContext(null, names, null, XmlSpace.None));
        reader.MoveToContent();
        return XElement.Load(reader);
    }

    private string Take(int start, int end)
    {
        var text = Encoding.UTF8.GetString([.. _pending.GetRange(start, end - start)]);
        _pending.RemoveRange(0, end);
        return text;
    }

    private string TagName(int start)
    {
        var p = start + 1;
        while (p < _pending.Count && _pending[p] is not ((byte)' ' or (byte)'/' or (byte)'>' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            p++;
        }

        return Encoding.UTF8.GetString([.. _pending.GetRange(start + 1, p - start - 1)]);
    }

    /// <summary>Index of the '&gt;' closing the tag that starts at <paramref name="start"/>, quotes respected; -1 if incomplete.</summary>
    private int EndOfTag(int start)
    {
        byte quote = 0;
        for (var p = start + 1; p < _pending.Count; p++)
        {
            var b = _pending[p];
            if (quote != 0)
            {
                quote = b == quote ? (byte)0 : quote;
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                quote = b;
            }
            else if (b == (byte)'>')
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>Index just past the element that starts at <paramref name="start"/>; -1 if incomplete.</summary>
    private int EndOfElement(int start)
    {
        var depth = 0;
        var p = start;
        while (p < _pending.Count)
        {
            if (_pending[p] != (byte)'<')
            {
                p++;
                continue;
            }

            if (p + 2 >= _pending.Count)
            {
                return -1;
            }

            int end;
            switch (_pending[p + 1])
            {
                case (byte)'/':
                    end = IndexOf(">", p);
                    if (end < 0)
                    {
                        return -1;
                    }

                    p = end + 1;
                    if (--depth == 0)
                    {
                        return p;
                    }

                    break;
                case (byte)'!':
                    end = _pending[p + 2] == (byte)'[' ? IndexOf("]]>", p) : IndexOf("-->", p);
                    if (end < 0)
                    {
                        return -1;
                    }

                    p = end + 3;
                    break;
                case (byte)'?':
                    end = IndexOf("?>", p);
                    if (end < 0)
                    {
                        return -1;
                    }

                    p = end + 2;
                    break;
                default:
                    end = EndOfTag(p);
                    if (end < 0)
                    {
                        return -1;
                    }

                    p = end + 1;
                    if (_pending[end - 1] != (byte)'/')
                    {
                        depth++;
                    }
                    else if (depth == 0)
                    {
                        return p;
                    }

                    break;
            }
        }

        return -1;
    }

    private int IndexOf(string ascii, int from)
    {
        for (var p = from; p + ascii.Length <= _pending.Count; p++)
        {
            var match = true;
            for (var k = 0; k < ascii.Length && match; k++)
            {
                match = _pending[p + k] == (byte)ascii[k];
            }

            if (match)
            {
                return p;
            }
        }

        return -1;
    }
}
