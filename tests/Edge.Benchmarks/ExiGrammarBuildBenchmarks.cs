using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Exi;

namespace Edge.Benchmarks;

/// <summary>
/// The time to the built-in XMPP grammars (the canonical schema of its seven documents, XEP-0322 §3.10): compiled from
/// the XML Schema documents with XmlSchemaSet (what the agent did before grammar files) against composed from the
/// grammar files embedded in Edge.Exi (what it does now).
/// Run: dotnet run -c Release --project tests/Edge.Benchmarks -- --filter '*ExiGrammarBuildBenchmarks*'
/// Cold (the first build in a fresh process, JIT included):
///   dotnet tests/Edge.Benchmarks/bin/Release/net10.0/Edge.Benchmarks.dll exi-grammar-cold documents|grammars
/// </summary>
[MemoryDiagnoser]
public class ExiGrammarBuildBenchmarks
{
    /// <summary>The built-in documents of the negotiation (Edge.Xmpp's ExiSchemaSet.BuiltIn).</summary>
    private static readonly string[] Documents =
        ["xml.xsd", "xmpp-stanzas.xsd", "jabber-client.xsd", "x-data.xsd", "iot-sensordata.xsd", "iot-control.xsd", "pubsub.xsd"];

    private List<string> _texts = [];
    private List<ExiGrammarFile> _grammars = [];

    [GlobalSetup]
    public void Setup()
    {
        _grammars = [.. Documents.Select(ExiSchema.BuiltInGrammarFile)];
        _texts = [.. Documents.Select(Text)];
    }

    [Benchmark(Baseline = true)]
    public ExiSchema FromDocuments() => ExiSchema.FromXml(_texts);

    [Benchmark]
    public ExiSchema FromGrammarFiles() => ExiSchema.FromGrammarFiles(_grammars);

    /// <summary>One cold build in this process; prints the milliseconds.</summary>
    public static int Cold(string[] args)
    {
        string how = args.Length > 1 ? args[1] : "grammars";
        var clock = Stopwatch.StartNew();
        ExiSchema schema = how == "documents"
            ? ExiSchema.FromXml(Documents.Select(Text))
            : ExiSchema.FromGrammarFiles(Documents.Select(ExiSchema.BuiltInGrammarFile));
        Console.WriteLine($"{how}: first grammars in {clock.Elapsed.TotalMilliseconds:F1} ms ({schema})");
        return 0;
    }

    private static string Text(string document)
    {
        using var stream = typeof(ExiSchema).Assembly.GetManifestResourceStream("Edge.Exi.Schemas." + document)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
