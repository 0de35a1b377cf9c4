using System.Security.Cryptography;
using System.Xml;

namespace Edge.Xmpp.Exi;

/// <summary>
/// One XML Schema document as XEP-0322 counts it: the exact bytes (what is hashed, uploaded and compiled) and the
/// <see cref="ExiSchemaId"/> computed from them (target namespace, byte count, MD5; §2.2.3: "the server then computes
/// the target namespace, byte size and MD5 Hash from the sent schema file").
/// </summary>
public sealed class ExiSchemaFile
{
    private readonly byte[] _content;

    private ExiSchemaFile(byte[] content, ExiSchemaId id, string name)
    {
        _content = content;
        Id = id;
        Name = name;
    }

    public ExiSchemaId Id { get; }

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
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"Cannot read schema file '{path}': {e.Message}", e);
        }

        return FromBytes(bytes, path);
    }

    /// <summary>The document's text as the schema compiler takes it (the encoding its declaration names, UTF-8 by default).</summary>
    internal string Text()
    {
        using var reader = new StreamReader(new MemoryStream(_content, writable: false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string TargetNamespace(byte[] bytes, string name)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            reader.MoveToContent();
            if (reader.LocalName != "schema" || reader.NamespaceURI != "http://www.w3.org/2001/XMLSchema")
            {
                throw new FormatException($"Schema '{name}' is not an XML Schema document: its root is <{reader.Name}>.");
            }

            return reader.GetAttribute("targetNamespace") ?? string.Empty;
        }
        catch (XmlException e)
        {
            throw new FormatException($"Schema '{name}' is not well-formed XML: {e.Message}", e);
        }
    }
}
