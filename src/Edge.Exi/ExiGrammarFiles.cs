using System.Xml;
using System.Xml.Schema;
using Edge.Exi.Internal.Schema;
using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi;

/// <summary>
/// Compiles XML Schema documents into grammar files (<see cref="ExiGrammarFile"/>), one per document, with the
/// BCL's XmlSchemaSet: the developer tool (<c>edge-gateway exi compile</c>), the gateway (schemas devices upload) and
/// the tests that regenerate the built-in grammar files use it; the agent only reads grammar files.
/// </summary>
public static class ExiGrammarFiles
{
    /// <summary>The built-in schema documents (src/Edge.Exi/Schemas), each with its grammar file embedded beside it.</summary>
    public static IReadOnlyList<string> BuiltInDocuments => [.. LocalSchemaResolver.ResourceNames().Where(n => n.EndsWith(".xsd", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Compiles schema documents given as bytes. Imports among them resolve by namespace; a namespace none of them
    /// declares comes from <paramref name="companions"/> (documents compiled before, e.g. other uploaded schemas), then
    /// from the built-in XMPP documents. Returns the grammar files of <paramref name="documents"/>, in order.
    /// </summary>
    public static IReadOnlyList<ExiGrammarFile> Compile(IEnumerable<(ReadOnlyMemory<byte> Content, string Name)> documents, IEnumerable<(ReadOnlyMemory<byte> Content, string Name)>? companions = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Compile(
            [.. documents.Select(d => (d.Content.ToArray(), (Uri?)null, d.Name))],
            [.. (companions ?? []).Select(d => (d.Content.ToArray(), d.Name))]);
    }

    /// <summary>Compiles schema files (imports resolve relative to each file, then from the built-in documents by namespace).</summary>
    public static IReadOnlyList<ExiGrammarFile> CompileFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var documents = new List<(byte[], Uri?, string)>();
        foreach (string path in paths)
        {
            try
            {
                string full = Path.GetFullPath(path);
                documents.Add((File.ReadAllBytes(full), new Uri(full), path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ExiSchemaException($"Cannot read schema file '{path}': {e.Message}", e);
            }
        }

        return Compile(documents, []);
    }

    /// <summary>The grammar file of a built-in document, compiled now from its embedded XML Schema text.</summary>
    internal static ExiGrammarFile CompileBuiltIn(string fileName)
    {
        using var stream = LocalSchemaResolver.OpenResource(fileName);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Compile([(copy.ToArray(), LocalSchemaResolver.ResourceUri(fileName), fileName)], [])[0];
    }

    private static string? TargetNamespaceOf(Stream document)
    {
        using var reader = XmlReader.Create(document, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = true });
        reader.MoveToContent();
        return reader.GetAttribute("targetNamespace");
    }

    private static List<ExiGrammarFile> Compile(List<(byte[] Bytes, Uri? BaseUri, string Name)> documents, List<(byte[] Bytes, string Name)> companions)
    {
        var set = ExiSchema.NewSchemaSet();
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => ExiSchema.Collect(errors, e);
        var schemas = new List<XmlSchema>();
        foreach ((byte[] bytes, Uri? baseUri, string name) in documents)
        {
            schemas.Add(ExiSchema.AddDocument(set, new MemoryStream(bytes, writable: false), baseUri?.ToString() ?? name, errors));
        }

        // Companions, then the built-in documents, complete what the given ones import (by namespace), as when they are
        // compiled together with the built-in XMPP set.
        foreach ((byte[] bytes, string name) in companions)
        {
            if (TargetNamespaceOf(new MemoryStream(bytes, writable: false)) is string ns && !set.Contains(ns))
            {
                ExiSchema.AddDocument(set, new MemoryStream(bytes, writable: false), name, errors);
            }
        }

        foreach (string builtIn in BuiltInDocuments)
        {
            if (TargetNamespaceOf(LocalSchemaResolver.OpenResource(builtIn)) is string ns && !set.Contains(ns))
            {
                ExiSchema.AddDocument(set, LocalSchemaResolver.OpenResource(builtIn), LocalSchemaResolver.ResourceUri(builtIn).ToString(), errors);
            }
        }

        ExiSchema.CompileSet(set, errors);
        var model = XsdModelBuilder.Build(set);
        var result = new List<ExiGrammarFile>();
        for (int i = 0; i < documents.Count; i++)
        {
            XmlSchema schema = schemas[i];
            var imports = schema.Includes.OfType<XmlSchemaImport>().Select(import => (import.Namespace ?? string.Empty, import.SchemaLocation ?? string.Empty));
            byte[] bytes = GrammarFileWriter.Write(model, schema, documents[i].Name, documents[i].Bytes.Length, ExiGrammarFile.Md5(documents[i].Bytes), imports);
            result.Add(ExiGrammarFile.FromTrusted(bytes, documents[i].Name));
        }

        return result;
    }
}
