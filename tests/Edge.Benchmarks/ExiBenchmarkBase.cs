using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Exi;

namespace Edge.Benchmarks;

/// <summary>
/// The three EXI measurements over one corpus stanza (encode from XML text, decode to events, decode to XML text);
/// subclasses choose the stanza and the options. XML MB/s = <see cref="XmlBytes"/> / mean time; stanzas/s = 1 / mean.
/// </summary>
public abstract class ExiBenchmarkBase
{
    private string _xml = string.Empty;
    private byte[] _exi = [];
    private ExiOptions _options = new();

    public int XmlBytes => Encoding.UTF8.GetByteCount(_xml);

    [Benchmark]
    public byte[] Encode() => ExiCodec.EncodeXml(_xml, _options);

    [Benchmark]
    public int DecodeEvents()
    {
        using var input = new MemoryStream(_exi, writable: false);
        using var reader = new ExiReader(input, _options);
        int events = 0;
        while (reader.Read())
        {
            events++;
        }

        return events;
    }

    [Benchmark]
    public string DecodeToXml() => ExiCodec.DecodeToXml(_exi, _options);

    /// <summary>Prepares one case: the stanza's text, its encoding with <paramref name="options"/>, the size table once.</summary>
    protected void Prepare(string stanza, ExiOptions options)
    {
        _xml = ExiCorpus.Stanza(stanza);
        _options = options;
        _exi = ExiCodec.EncodeXml(_xml, _options);
        ExiSizeTable.Print(Console.Out);
    }
}
