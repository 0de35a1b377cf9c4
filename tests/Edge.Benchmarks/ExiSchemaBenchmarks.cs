using BenchmarkDotNet.Attributes;
using Edge.Exi;

namespace Edge.Benchmarks;

/// <summary>
/// Schema-informed EXI (the built-in XMPP schema set, non-strict and strict) encode/decode throughput and allocations
/// over the same corpus as <see cref="ExiBenchmarks"/>.
/// Run: dotnet run -c Release --project tests/Edge.Benchmarks -- --filter '*ExiSchemaBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ExiSchemaBenchmarks : ExiBenchmarkBase
{
    [Params("fields2", "fields10", "fields50", "control-set", "pubsub-publish")]
    public string Stanza { get; set; } = "fields10";

    [Params(false, true)]
    public bool Strict { get; set; }

    [Params(ExiAlignment.BitPacked, ExiAlignment.Compression)]
    public ExiAlignment Alignment { get; set; }

    [GlobalSetup]
    public void Setup() => Prepare(Stanza, new ExiOptions { Alignment = Alignment, Schema = ExiSchema.Xmpp, Strict = Strict });
}
