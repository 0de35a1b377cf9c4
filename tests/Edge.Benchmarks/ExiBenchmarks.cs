using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Exi;

namespace Edge.Benchmarks;

/// <summary>
/// EXI encode/decode throughput and allocations over XMPP IoT stanzas (sensor-data fields messages of 2, 10 and
/// 50 fields, a control set, a pubsub publish). XML MB/s = <see cref="XmlBytes"/> / mean time. The size table
/// (raw XML, gzip, EXI per mode) is printed once per run by <see cref="ExiSizeTable.Print"/> from the setup.
/// Run: dotnet run -c Release --project tests/Edge.Benchmarks -- --filter '*ExiBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ExiBenchmarks
{
    private string _xml = string.Empty;
    private byte[] _exi = [];
    private ExiOptions _options = new();

    [Params("fields2", "fields10", "fields50", "control-set", "pubsub-publish")]
    public string Stanza { get; set; } = "fields10";

    [Params(ExiAlignment.BitPacked, ExiAlignment.ByteAlignment, ExiAlignment.Compression)]
    public ExiAlignment Alignment { get; set; }

    public int XmlBytes => Encoding.UTF8.GetByteCount(_xml);

    [GlobalSetup]
    public void Setup()
    {
        _xml = ExiCorpus.Stanza(Stanza);
        _options = new ExiOptions { Alignment = Alignment };
        _exi = ExiCodec.EncodeXml(_xml, _options);
        ExiSizeTable.Print(Console.Out);
    }

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
}
