using System.Xml;

namespace Edge.Exi.Tests;

/// <summary>The corpus and the vectors an independent implementation produced from it (Vectors/README.md).</summary>
internal static class Vectors
{
    public static readonly string[] Corpus = ["fields2", "fields10", "fields50", "control-set", "pubsub-publish"];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Vectors");

    public static string Xml(string name) => File.ReadAllText(Path.Combine(Directory, name + ".xml"));

    public static byte[] Exi(string name, string mode) => File.ReadAllBytes(Path.Combine(Directory, $"{name}.{mode}.exi"));

    /// <summary>The options each vector was produced with (as flags to the independent encoder).</summary>
    public static ExiOptions Options(string mode) => mode switch
    {
        "bitpacked" => new ExiOptions(),
        "byte" => new ExiOptions { Alignment = ExiAlignment.ByteAlignment },
        "precompression" => new ExiOptions { Alignment = ExiAlignment.PreCompression, IncludeOptions = true, IncludeCookie = true },
        "compression" => new ExiOptions { Alignment = ExiAlignment.Compression, IncludeOptions = true },
        "prefixes" => new ExiOptions { PreservePrefixes = true, IncludeOptions = true },
        "all" => new ExiOptions { PreservePrefixes = true, PreserveComments = true, PreserveProcessingInstructions = true, IncludeOptions = true },
        "comments" => new ExiOptions { PreserveComments = true, IncludeOptions = true, Alignment = ExiAlignment.ByteAlignment },
        "precompression-block7" => new ExiOptions { Alignment = ExiAlignment.PreCompression, BlockSize = 7, IncludeOptions = true },
        "compression-block7" => new ExiOptions { Alignment = ExiAlignment.Compression, BlockSize = 7, IncludeOptions = true },
        "bounded" => new ExiOptions { ValueMaxLength = 4, ValuePartitionCapacity = 8, IncludeOptions = true },
        "fragment" => new ExiOptions { Alignment = ExiAlignment.ByteAlignment, Fragment = true, IncludeOptions = true },
        "dtd" => new ExiOptions { PreserveDtd = true, PreserveComments = true, PreserveProcessingInstructions = true, IncludeOptions = true },
        "byte-all" => All(ExiAlignment.ByteAlignment),
        "precompression-all" => All(ExiAlignment.PreCompression),
        "compression-all" => All(ExiAlignment.Compression),
        "selfcontained" => new ExiOptions { SelfContained = true, IncludeOptions = true },
        "lexical" => new ExiOptions { PreserveLexicalValues = true, IncludeOptions = true },
        "capacity0" => new ExiOptions { ValuePartitionCapacity = 0, Alignment = ExiAlignment.ByteAlignment, IncludeOptions = true },
        "precompression-block100" => new ExiOptions { Alignment = ExiAlignment.PreCompression, BlockSize = 100, IncludeOptions = true },
        "precompression-block101" => new ExiOptions { Alignment = ExiAlignment.PreCompression, BlockSize = 101, IncludeOptions = true },
        "sc-node" => SelfContained(new ExiOptions { SelfContained = true, IncludeOptions = true }, "node", "urn:xmpp:iot:sensordata"),
        "sc-a" => SelfContained(
            new ExiOptions { SelfContained = true, IncludeOptions = true, Alignment = ExiAlignment.ByteAlignment, PreservePrefixes = true, PreserveComments = true },
            "a",
            "urn:example:x"),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    private static ExiOptions SelfContained(ExiOptions options, string localName, string ns)
    {
        options.SelfContainedElements.Add(new XmlQualifiedName(localName, ns));
        return options;
    }

    private static ExiOptions All(ExiAlignment alignment) => new()
    {
        Alignment = alignment,
        PreservePrefixes = true,
        PreserveComments = true,
        PreserveProcessingInstructions = true,
        IncludeOptions = true,
    };

    public static IEnumerable<object[]> ExactCases()
    {
        foreach (string name in Corpus)
        {
            foreach (string mode in (string[])["bitpacked", "byte", "precompression", "prefixes"])
            {
                yield return [name, mode];
            }
        }

        yield return ["features", "all"];
        yield return ["features", "comments"];
        yield return ["fields10", "precompression-block7"];
        yield return ["fields50", "bounded"];
        yield return ["fields10", "fragment"];
        yield return ["fields2-pretty", "bitpacked"];
        yield return ["xsi-type", "bitpacked"];
        yield return ["xsi-type", "prefixes"];
        yield return ["features", "byte-all"];
        yield return ["features", "precompression-all"];
        yield return ["fields10", "selfcontained"];
        yield return ["fields10", "sc-node"];
        yield return ["features", "sc-a"];
        yield return ["fields10", "lexical"];
        yield return ["fields10", "capacity0"];
        yield return ["fields50", "precompression-block100"];
        yield return ["fields50", "precompression-block101"];
    }

    public static IEnumerable<object[]> AllCases()
    {
        foreach (object[] c in ExactCases())
        {
            yield return c;
        }

        foreach (string name in Corpus)
        {
            yield return [name, "compression"];
        }

        yield return ["fields50", "compression-block7"];
        yield return ["dtd", "dtd"];
        yield return ["features", "compression-all"];
    }
}
