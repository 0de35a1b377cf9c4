using BenchmarkDotNet.Attributes;
using Edge.Exi;

namespace Edge.Benchmarks;

/// <summary>
/// Schema-less EXI encode/decode throughput and allocations over XMPP IoT stanzas (sensor-data fields messages of 2,
/// 10 and 50 fields, a control set, a pubsub publish). The size table (raw XML, gzip, EXI per mode) is printed once
/// per run by <see cref="ExiSizeTable.Print"/> from the setup.
/// Run: dotnet run -c Release --project tests/Edge.Benchmarks -- --filter '*ExiBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ExiBenchmarks : ExiBenchmarkBase
{
    [Params("fields2", "fields10", "fields50", "control-set", "pubsub-publish")]
    public string Stanza { get; set; } = "fields10";

    [Params(ExiAlignment.BitPacked, ExiAlignment.ByteAlignment, ExiAlignment.Compression)]
    public ExiAlignment Alignment { get; set; }

    [GlobalSetup]
    public void Setup() => Prepare(Stanza, new ExiOptions { Alignment = Alignment });
}
