using System.Xml;

namespace Edge.Exi.Tests;

/// <summary>The corpus and the vectors an independent implementation produced from it (Vectors/README.md).</summary>
internal static class Vectors
{
    public static readonly string[] Corpus = ["fields2", "fields10", "fields50", "control-set", "pubsub-publish"];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Vectors");

    public static string Xml(string name) => File.ReadAllText(Path.Combine(Directory, name + ".xml"));

    public static byte[] Exi(string name, string mode) => File.ReadAllBytes(Path.Combine(Directory, $"{name}.{mode}.exi"));

    /// <summary>Gets the test schema of the typed-* documents (Vectors/typed.xsd), built once.</summary>
    public static ExiSchema Typed => TypedSchema.Value;

    /// <summary>Gets the test schema with recursive types (Vectors/recursive.xsd), built once.</summary>
    public static ExiSchema Recursive => RecursiveSchema.Value;

    private static readonly Lazy<ExiSchema> TypedSchema = new(() => ExiSchema.Load(Path.Combine(Directory, "typed.xsd")));

    private static readonly Lazy<ExiSchema> RecursiveSchema = new(() => ExiSchema.Load(Path.Combine(Directory, "recursive.xsd")));

    /// <summary>The schema a document's schema-informed vectors were made with: typed.xsd, recursive.xsd or the XMPP set.</summary>
    public static ExiSchema SchemaFor(string name) => name switch
    {
        "features" => Typed,
        "recursive" => Recursive,
        _ when name.StartsWith("typed", StringComparison.Ordinal) => Typed,
        _ => ExiSchema.Xmpp,
    };

    /// <summary>The independent implementation's decoding of a document Edge.Exi encoded with these options.</summary>
    public static string Decoded(string name, string mode) => File.ReadAllText(Path.Combine(Directory, "decoded", $"{name}.{mode}.xml"));

    /// <summary>The options of a vector; schema modes ("schema-strict-byte", ...) are made of these tokens.</summary>
    public static ExiOptions Options(string name, string mode)
    {
        if (!mode.StartsWith("schema", StringComparison.Ordinal))
        {
            return Options(mode);
        }

        HashSet<string> tokens = [.. mode.Split('-').Skip(1)];
        var options = new ExiOptions
        {
            Schema = SchemaFor(name),
            Strict = tokens.Contains("strict"),
            Fragment = tokens.Contains("fragment"),
            // Vectors without options in their header were made with the options out of band.
            IncludeOptions = mode is not ("schema" or "schema-strict" or "schema-byte" or "schema-strict-byte"),
        };
        options.Alignment = tokens.Contains("byte") ? ExiAlignment.ByteAlignment
            : tokens.Contains("precompression") ? ExiAlignment.PreCompression
            : tokens.Contains("compression") ? ExiAlignment.Compression
            : ExiAlignment.BitPacked;
        if (tokens.Contains("all"))
        {
            options.PreservePrefixes = options.PreserveComments = options.PreserveProcessingInstructions = true;
        }

        if (tokens.Contains("bounded"))
        {
            options.ValueMaxLength = 4;
            options.ValuePartitionCapacity = 8;
        }

        if (tokens.Contains("sc"))
        {
            options.SelfContained = true;
            options.SelfContainedElements.Add(new XmlQualifiedName("node", "urn:xmpp:iot:sensordata"));
        }

        return options;
    }

    /// <summary>The schema-informed vectors (name, mode), from the files present; exact ones exclude compression.</summary>
    public static IEnumerable<object[]> SchemaCases(bool exact, bool compressionOnly = false)
    {
        foreach (string file in System.IO.Directory.GetFiles(Directory, "*.schema*.exi").Order(StringComparer.Ordinal))
        {
            string fileName = Path.GetFileNameWithoutExtension(file);
            int dot = fileName.IndexOf('.', StringComparison.Ordinal);
            string name = fileName[..dot];
            string mode = fileName[(dot + 1)..];
            bool compression = mode.Split('-').Contains("compression");
            if ((exact && compression) || (compressionOnly && !compression))
            {
                continue;
            }

            yield return [name, mode];
        }
    }

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
