using System.Globalization;
using System.Xml;

namespace Edge.Exi.Tool;

/// <summary>
/// The <c>exi encode|decode IN OUT [flags]</c> command, for people inspecting captured traffic, and
/// <c>exi compile SCHEMA.xsd ...</c>, which writes the grammar file the agent needs beside each schema file. The host
/// executable (the <c>edge-gateway</c> command, which carries the XML Schema compiler) forwards its arguments here;
/// "-" stands for standard input or output.
/// </summary>
public static class ExiCommand
{
    public const string Usage = """
        usage: exi encode IN.xml OUT.exi [flags]
               exi decode IN.exi OUT.xml [flags]
               exi compile SCHEMA.xsd [SCHEMA.xsd ...]
          IN / OUT may be "-" for standard input / output.
          compile writes SCHEMA.xsd.exig beside each schema file: its EXI grammar file, which the agent (edge) needs
          for every file of Xmpp:Exi:SchemaFiles (compile again whenever the schema changes). Imports resolve relative
          to each file, then from the built-in XMPP documents by namespace.
        flags (EXI 1.0 options; when decoding they apply only if the stream's header carries no options):
          --alignment bit-packed|byte-alignment|pre-compression|compression   (default bit-packed; the EXI 1.0
                              §5.4 names; bitpacked, byte and precompression also work)
          --schema FILE       schema-informed coding with the grammars of this XML Schema (repeatable: several files)
          --schema-set NAME   the built-in schema set "xmpp" (jabber:client, IoT sensor data and control, pubsub,
                              data forms); its schemaId goes into the header with --include-options
          --strict            strict schema-informed grammars (smaller; the document must fit the schema)
          --fragment  --self-contained
          --self-contained-element {URI}LOCAL   encode that element self-contained (SC); repeatable
          --preserve-comments  --preserve-pis  --preserve-dtd  --preserve-prefixes  --preserve-lexical
          --value-max-length N  --value-partition-capacity N  --block-size N  --schema-id ID
          --include-options   write the options into the header (encode)
          --include-cookie    start the stream with "$EXI" (encode)
          --max-string-length N  --max-depth N   decoder bounds for untrusted input
        when decoding, a stream whose header names a built-in schemaId needs no --schema; the XML is written as
        UTF-8 without a byte order mark, a document with an XML declaration.
        exit codes: 0 done, 1 bad input (XML, EXI or schema), 2 bad usage.
        """;

    /// <summary>Compiles schema files into grammar files beside them (<see cref="ExiGrammarFile.PathFor"/>).</summary>
    private static int Compile(ReadOnlySpan<string> paths, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            IReadOnlyList<ExiGrammarFile> files = ExiGrammarFiles.CompileFiles(paths.ToArray());
            for (int i = 0; i < files.Count; i++)
            {
                string output = ExiGrammarFile.PathFor(paths[i]);
                File.WriteAllBytes(output, files[i].Content.ToArray());
                stdout.WriteLine($"{output}: {files[i].Content.Length} bytes, namespace '{files[i].TargetNamespace}', from {files[i].SourceLength} bytes (MD5 {files[i].SourceMd5})");
            }

            return 0;
        }
        catch (Exception ex) when (ex is ExiSchemaException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"exi: {ex.Message}");
            return 1;
        }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length >= 2 && args[0] == "compile" && !args.AsSpan(1).ToArray().Any(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            return Compile(args.AsSpan(1), stdout, stderr);
        }

        if (args.Length < 3 || args[0] is not ("encode" or "decode"))
        {
            stderr.WriteLine(Usage);
            return 2;
        }

        ExiOptions options;
        var schemaFiles = new List<string>();
        try
        {
            options = ParseOptions(args.AsSpan(3), schemaFiles);
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine($"exi: {ex.Message}");
            stderr.WriteLine(Usage);
            return 2;
        }

        if (schemaFiles.Count > 0)
        {
            try
            {
                options.Schema = ExiSchema.Load(schemaFiles);
                options.Validate();
            }
            catch (ExiSchemaException ex)
            {
                stderr.WriteLine($"exi: {ex.Message}");
                return 1;
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine($"exi: {ex.Message}");
                return 2;
            }
        }

        try
        {
            if (args[0] == "encode")
            {
                using Stream output = OpenOutput(args[2]);
                using TextReader text = args[1] == "-" ? Console.In : new StreamReader(args[1]);
                using XmlReader reader = ExiCodec.CreateReader(text, options);
                ExiCodec.Encode(reader, output, options);
            }
            else
            {
                using Stream input = args[1] == "-" ? Console.OpenStandardInput() : File.OpenRead(args[1]);
                string xml = DecodeToText(input, options);
                if (args[2] == "-")
                {
                    stdout.Write(xml);
                }
                else
                {
                    File.WriteAllText(args[2], xml, Utf8NoBom);
                }
            }

            return 0;
        }
        catch (Exception ex) when (ex is ExiException or XmlException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"exi: {ex.Message}");
            return 1;
        }
    }

    private static readonly System.Text.UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private static Stream OpenOutput(string path) => path == "-" ? Console.OpenStandardOutput() : File.Create(path);

    /// <summary>
    /// The decoded XML as text: a document starts with <c>&lt;?xml version="1.0" encoding="UTF-8"?&gt;</c> (the encoding
    /// it is written in); a fragment (the header's or the given fragment option) has no declaration, XML allowing none.
    /// </summary>
    private static string DecodeToText(Stream input, ExiOptions options)
    {
        var text = new System.Text.StringBuilder();
        var settings = new XmlWriterSettings { ConformanceLevel = ConformanceLevel.Auto, OmitXmlDeclaration = true };
        ExiOptions used;
        using (var writer = XmlWriter.Create(text, settings))
        {
            used = ExiCodec.Decode(input, writer, options);
        }

        return used.Fragment ? text.ToString() : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + text;
    }

    private static ExiOptions ParseOptions(ReadOnlySpan<string> flags, List<string> schemaFiles)
    {
        var options = new ExiOptions();
        for (int i = 0; i < flags.Length; i++)
        {
            string flag = flags[i];
            switch (flag)
            {
                case "--strict": options.Strict = true; break;
                case "--fragment": options.Fragment = true; break;
                case "--self-contained": options.SelfContained = true; break;
                case "--preserve-comments": options.PreserveComments = true; break;
                case "--preserve-pis": options.PreserveProcessingInstructions = true; break;
                case "--preserve-dtd": options.PreserveDtd = true; break;
                case "--preserve-prefixes": options.PreservePrefixes = true; break;
                case "--preserve-lexical": options.PreserveLexicalValues = true; break;
                case "--include-options": options.IncludeOptions = true; break;
                case "--include-cookie": options.IncludeCookie = true; break;
                case "--alignment":
                    options.Alignment = Value(flags, ref i, flag) switch
                    {
                        "bit-packed" or "bitpacked" => ExiAlignment.BitPacked,
                        "byte-alignment" or "byte" => ExiAlignment.ByteAlignment,
                        "pre-compression" or "precompression" => ExiAlignment.PreCompression,
                        "compression" => ExiAlignment.Compression,
                        string other => throw new ArgumentException($"Unknown alignment '{other}' (bit-packed, byte-alignment, pre-compression or compression)."),
                    };
                    break;
                case "--value-max-length": options.ValueMaxLength = Number(flags, ref i, flag); break;
                case "--value-partition-capacity": options.ValuePartitionCapacity = Number(flags, ref i, flag); break;
                case "--block-size": options.BlockSize = Number(flags, ref i, flag); break;
                case "--schema-id": options.SchemaId = Value(flags, ref i, flag); break;
                case "--schema": schemaFiles.Add(Value(flags, ref i, flag)); break;
                case "--schema-set":
                    string name = Value(flags, ref i, flag);
                    options.Schema = ExiSchema.TryGetBuiltIn(name, out ExiSchema? builtIn)
                        ? builtIn
                        : throw new ArgumentException($"Unknown schema set '{name}' (built in: xmpp).");
                    options.SchemaId ??= builtIn!.Id;
                    break;
                case "--self-contained-element":
                    options.SelfContained = true;
                    options.SelfContainedElements.Add(QualifiedName(Value(flags, ref i, flag)));
                    break;
                case "--max-string-length": options.MaxStringLength = Number(flags, ref i, flag); break;
                case "--max-depth": options.MaxDepth = Number(flags, ref i, flag); break;
                default: throw new ArgumentException($"Unknown flag '{flag}'.");
            }
        }

        return options;
    }

    private static System.Xml.XmlQualifiedName QualifiedName(string text)
    {
        int close = text.IndexOf('}', StringComparison.Ordinal);
        return text.StartsWith('{') && close > 0
            ? new System.Xml.XmlQualifiedName(text[(close + 1)..], text[1..close])
            : new System.Xml.XmlQualifiedName(text);
    }

    private static string Value(ReadOnlySpan<string> flags, ref int i, string flag)
    {
        if (++i >= flags.Length)
        {
            throw new ArgumentException($"{flag} needs a value.");
        }

        return flags[i];
    }

    private static int Number(ReadOnlySpan<string> flags, ref int i, string flag)
    {
        string value = Value(flags, ref i, flag);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new ArgumentException($"{flag} needs a non-negative integer, got '{value}'.");
    }
}
