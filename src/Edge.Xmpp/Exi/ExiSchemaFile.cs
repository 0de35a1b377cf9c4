using System.Security.Cryptography;
using System.Xml.Linq;
using Edge.Exi;

namespace Edge.Xmpp.Exi;

/// <summary>
/// One XML Schema document as XEP-0322 counts it: the exact bytes (what is hashed, uploaded and compiled) and the
/// <see cref="ExiSchemaId"/> computed from them (target namespace, byte count, MD5; §2.2.3: "the server then computes
/// the target namespace, byte size and MD5 Hash from the sent schema file").
/// </summary>
public sealed class ExiSchemaFile
{
    private static readonly XName XsdSchema = XName.Get("schema", "http://www.w3.org/2001/XMLSchema");

    private readonly byte[] _content;

    private ExiSchemaFile(byte[] content, ExiSchemaId id, string name, ExiGrammarFile? grammar = null)
    {
        _content = content;
        Id = id;
        Name = name;
        Grammar = grammar;
    }

    public ExiSchemaId Id { get; }

    /// <summary>
    /// Gets the document's grammar file (compiled ahead of time, <see cref="ExiGrammarFile"/>), which an
    /// <see cref="ExiSchemaSet"/> composes its grammars from; null until one is attached (<see cref="WithGrammar"/>).
    /// </summary>
    public ExiGrammarFile? Grammar { get; }

    /// <summary>Where the file came from (a path, a resource name or "uploaded"), for messages.</summary>
    public string Name { get; }

    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>
    /// Takes a schema document's bytes; throws <see cref="FormatException"/> when they are not an XML Schema document
    /// (DTDs prohibited, so a hostile upload cannot expand entities).
    /// </summary>
    public static ExiSchemaFile FromBytes(ReadOnlySpan<byte> content, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (content.IsEmpty)
        {
            throw new FormatException($"Schema '{name}' is empty.");
        }

        var bytes = content.ToArray();
        var ns = TargetNamespace(bytes, name);
#pragma warning disable CA5351 // XEP-0322 §3.6 and §4 name schema versions by MD5 (with the size against collisions); it is an identity, not a security check.
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
        return new ExiSchemaFile(bytes, new ExiSchemaId(ns, bytes.Length, md5), name);
    }

    /// <summary>Reads a schema file from disk (<see cref="FromBytes"/>); the error names the path.</summary>
    public static ExiSchemaFile Load(string path)
    {
        byte[] bytes = ReadFile(path);

        return FromBytes(bytes, path);
    }

    /// <summary>
    /// Reads a schema file and its grammar file beside it (<c>NAME.xsd.exig</c>, written by <c>edge-gateway exi compile</c>),
    /// as the agent does for <c>Xmpp:Exi:SchemaFiles</c>: no XML Schema compiler runs. Throws <see cref="FormatException"/>
    /// naming the file and the command to run when the grammar file is missing, unreadable, or compiled from another
    /// version of the schema (byte count and MD5 differ).
    /// </summary>
    public static ExiSchemaFile LoadCompiled(string path)
    {
        byte[] bytes = ReadFile(path);

        string grammarPath = ExiGrammarFile.PathFor(path);
        string compile = $"run: edge-gateway exi compile {path}";
        if (!File.Exists(grammarPath))
        {
            throw new FormatException($"Schema file '{path}' has no grammar file '{grammarPath}' ({compile}).");
        }

        ExiGrammarFile grammar;
        try
        {
            grammar = ExiGrammarFile.Load(grammarPath);
        }
        catch (ExiSchemaException e)
        {
            throw new FormatException($"{e.Message} ({compile})", e);
        }

        if (!grammar.IsCompiledFrom(bytes))
        {
            throw new FormatException($"Grammar file '{grammarPath}' was compiled from another version of '{path}' ({grammar.SourceLength} bytes, MD5 {grammar.SourceMd5}); compile it again ({compile}).");
        }

        return FromBytesAndGrammar(bytes, path, grammar);
    }

    /// <summary>Takes a document and its grammar file; the namespace is the grammar file's (the document is not parsed).</summary>
    public static ExiSchemaFile FromBytesAndGrammar(ReadOnlySpan<byte> content, string name, ExiGrammarFile grammar)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(grammar);
        if (!grammar.IsCompiledFrom(content))
        {
            throw new FormatException($"Grammar file '{grammar.Name}' was not compiled from '{name}'.");
        }

        var bytes = content.ToArray();
        return new ExiSchemaFile(bytes, new ExiSchemaId(grammar.TargetNamespace, bytes.Length, grammar.SourceMd5), name, grammar);
    }

    /// <summary>This document with its grammar file attached (it must have been compiled from these bytes).</summary>
    public ExiSchemaFile WithGrammar(ExiGrammarFile grammar) => FromBytesAndGrammar(_content, Name, grammar);

    private static byte[] ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"Cannot read schema file '{path}': {e.Message}", e);
        }
    }

    private static string TargetNamespace(byte[] bytes, string name)
    {
        // Our own parser (XmlMarkup, in document mode: a declaration, comments and processing instructions are skipped,
        // a DTD refused), so that no XmlReader is left in the agent's binary for this one attribute.
        XElement root;
        try
        {
            root = XmlMarkup.Parse(bytes, new XmlMarkupOptions { Document = true, MaxBytes = Math.Max(1, bytes.Length), MaxDepth = 1024 });
        }
        catch (XmlMarkupException e)
        {
            throw new FormatException($"Schema '{name}' is not well-formed XML: {e.Message}", e);
        }

        if (root.Name != XsdSchema)
        {
            throw new FormatException($"Schema '{name}' is not an XML Schema document: its root is <{root.Name.LocalName}>.");
        }

        return root.Attribute("targetNamespace")?.Value ?? string.Empty;
    }
}
