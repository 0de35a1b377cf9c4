using System.Security.Cryptography;
using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi;

/// <summary>
/// One XML Schema document compiled ahead of time (file extension <see cref="Extension"/>): the components it declares,
/// as the EXI grammar compiler reads them (EXI 1.0 §8.5), in a compact binary form that names the document it came from
/// by byte count and MD5. Any combination of grammar files composes at run time into an <see cref="ExiSchema"/>
/// (<see cref="ExiSchema.FromGrammarFiles"/>), without System.Xml.Schema or a regular-expression engine: that is how
/// the agent gets its grammars. Compiling one (<see cref="ExiGrammarFiles"/>) needs the XML Schema compiler.
/// </summary>
public sealed class ExiGrammarFile
{
    /// <summary>The extension of a grammar file; it sits beside its schema as <c>NAME.xsd.exig</c>.</summary>
    public const string Extension = ".exig";

    private readonly byte[] _content;

    private ExiGrammarFile(byte[] content, string name, GrammarFileReader header)
    {
        _content = content;
        Name = name;
        TargetNamespace = header.TargetNamespace;
        SourceLength = header.SourceLength;
        SourceMd5 = Convert.ToHexStringLower(header.SourceMd5);
        ImportLocations = [.. header.Imports.Select(i => i.Location).Where(l => l.Length > 0)];
    }

    /// <summary>Gets where the file came from (a path or a resource name), for messages.</summary>
    public string Name { get; }

    /// <summary>Gets the target namespace of the schema document it was compiled from.</summary>
    public string TargetNamespace { get; }

    /// <summary>Gets the byte count of the schema document it was compiled from.</summary>
    public long SourceLength { get; }

    /// <summary>Gets the MD5 (lower-case hex) of the schema document it was compiled from.</summary>
    public string SourceMd5 { get; }

    /// <summary>Gets the schemaLocations the document imports (to follow a wrapper document's imports).</summary>
    public IReadOnlyList<string> ImportLocations { get; }

    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>The path of the grammar file of a schema file: <c>NAME.xsd.exig</c> beside it.</summary>
    public static string PathFor(string schemaPath) => schemaPath + Extension;

    /// <summary>Reads a grammar file; throws <see cref="ExiSchemaException"/> naming it when it is not one, is of another format, or is corrupt.</summary>
    public static ExiGrammarFile FromBytes(ReadOnlySpan<byte> content, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] bytes = content.ToArray();
        return new ExiGrammarFile(bytes, name, GrammarFileReader.Read(bytes, name));
    }

    /// <summary>Reads a grammar file from disk (<see cref="FromBytes"/>); the error names the path.</summary>
    public static ExiGrammarFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExiSchemaException($"Cannot read EXI grammar file '{path}': {e.Message}", e);
        }

        return FromBytes(bytes, path);
    }

    /// <summary>Whether this grammar file was compiled from exactly these schema bytes (byte count and MD5).</summary>
    public bool IsCompiledFrom(ReadOnlySpan<byte> schema) =>
        schema.Length == SourceLength && string.Equals(Convert.ToHexStringLower(Md5(schema)), SourceMd5, StringComparison.Ordinal);

    internal static byte[] Md5(ReadOnlySpan<byte> content)
    {
#pragma warning disable CA5351 // An identity of the source document (as XEP-0322 uses it), not a security check.
        return MD5.HashData(content);
#pragma warning restore CA5351
    }

    internal static ExiGrammarFile FromTrusted(byte[] content, string name) => new(content, name, GrammarFileReader.Read(content, name));

    internal static ExiGrammarFile FromTrustedResource(byte[] content, string name) => FromTrusted(content, name);

    internal (byte[] Bytes, string Name) Parts => (_content, Name);
}
