using System.Xml;
using Edge.Exi.Internal.Schema;
using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi;

/// <summary>
/// EXI grammars built from XML Schema documents, for schema-informed coding (EXI 1.0 §8.5): set it as
/// <see cref="ExiOptions.Schema"/> on both sides. Built from grammar files compiled ahead of time
/// (<see cref="FromGrammarFiles"/>: no XML Schema compiler at run time) or from XML Schema documents
/// (<see cref="Load(IEnumerable{string}, string)"/>, ExiSchema.Xsd.cs: needs System.Xml.Schema). An instance is
/// immutable and thread-safe, so build it once and share it. <see cref="Xmpp"/> is the built-in set for the XMPP
/// streams Edge uses, from the grammar files embedded beside its documents.
/// </summary>
public sealed partial class ExiSchema
{
    /// <summary>The schemaId of <see cref="Xmpp"/>, as written in (and resolved from) EXI headers.</summary>
    public const string XmppId = "urn:edge:exi:xmpp-iot:1";

    /// <summary>
    /// The schemaId of <see cref="XmppExiDefault"/>: XEP-0322 §3.14 names the default schema of its EXI-only binding
    /// <c>urn:xmpp:exi:default</c>.
    /// </summary>
    public const string XmppExiDefaultId = "urn:xmpp:exi:default";

    private static readonly Lazy<ExiSchema> BuiltInXmpp = new(() => FromBuiltInGrammars("xmpp-iot.xsd", XmppId));
    private static readonly Lazy<ExiSchema> BuiltInXmppExiDefault = new(() => FromBuiltInGrammars("xmpp-exi-default.xsd", XmppExiDefaultId));

    private ExiSchema(CompiledSchema compiled, string? id)
    {
        Compiled = compiled;
        Id = id;
        GlobalElements = [.. compiled.GlobalElementNames.Select(n => new XmlQualifiedName(n.LocalName, n.Uri))];
    }

    /// <summary>
    /// Gets the built-in XMPP schema set: jabber:client stanzas (with stanza errors), urn:xmpp:iot:sensordata
    /// (XEP-0323), urn:xmpp:iot:control (XEP-0325), http://jabber.org/protocol/pubsub (XEP-0060) and jabber:x:data
    /// (XEP-0004), from the documents under src/Edge.Exi/Schemas (embedded in the assembly).
    /// </summary>
    public static ExiSchema Xmpp => BuiltInXmpp.Value;

    /// <summary>
    /// Gets the default schema of XEP-0322's EXI-only binding (§3.14): the streams namespace (RFC 6120 appendix A.1)
    /// and the XEP's own namespace (its §10), as adapted under src/Edge.Exi/Schemas (streams.xsd, xmpp-exi.xsd).
    /// </summary>
    public static ExiSchema XmppExiDefault => BuiltInXmppExiDefault.Value;

    /// <summary>Gets the schemaIds of the built-in schema sets.</summary>
    public static IReadOnlyList<string> BuiltInIds { get; } = [XmppId, XmppExiDefaultId];

    /// <summary>Gets the identifier written as schemaId in EXI headers when the options ask for it, or null.</summary>
    public string? Id { get; }

    /// <summary>Gets the global element declarations, in the order of the document grammar (§8.5.1).</summary>
    public IReadOnlyList<XmlQualifiedName> GlobalElements { get; }

    internal CompiledSchema Compiled { get; }

    /// <summary>Finds a built-in schema set by its schemaId (or its short name, "xmpp").</summary>
    public static bool TryGetBuiltIn(string idOrName, out ExiSchema? schema)
    {
        schema = idOrName switch
        {
            XmppId or "xmpp" or "xmpp-iot" => Xmpp,
            XmppExiDefaultId or "xmpp-exi-default" => XmppExiDefault,
            _ => null,
        };
        return schema is not null;
    }

    /// <summary>
    /// Builds grammars from grammar files compiled ahead of time (<see cref="ExiGrammarFile"/>), composed as the schema
    /// of all their documents (references by name resolve across files). Throws <see cref="ExiSchemaException"/> naming
    /// the file when one refers to something none of them declares, or two declare the same component.
    /// </summary>
    public static ExiSchema FromGrammarFiles(IEnumerable<ExiGrammarFile> files, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new ExiSchema(SchemaCompiler.Compile(GrammarFileReader.Compose(files.Select(f => f.Parts))), id);
    }

    /// <summary>The grammar file embedded beside a built-in schema document (generated from it, checked by a test).</summary>
    public static ExiGrammarFile BuiltInGrammarFile(string fileName)
    {
        using var stream = LocalSchemaResolver.OpenGrammarResource(fileName);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return ExiGrammarFile.FromTrustedResource(copy.ToArray(), fileName + ExiGrammarFile.Extension);
    }

    /// <summary>A one-line summary: global elements, states, names (for the command line's diagnostics).</summary>
    public override string ToString() =>
        $"{GlobalElements.Count} global elements, {Compiled.StateCount} grammar states, {Compiled.QNameCount} names in {Compiled.Uris.Length} namespaces{(Id is null ? string.Empty : $", schemaId {Id}")}";

    /// <summary>A built-in document and every built-in document it imports, transitively, composed from their grammar files.</summary>
    private static ExiSchema FromBuiltInGrammars(string fileName, string id)
    {
        var files = new List<ExiGrammarFile>();
        var pending = new Queue<string>([fileName]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { fileName };
        while (pending.TryDequeue(out string? next))
        {
            ExiGrammarFile file = BuiltInGrammarFile(next);
            files.Add(file);
            foreach (string location in file.ImportLocations.Where(seen.Add))
            {
                pending.Enqueue(location);
            }
        }

        return FromGrammarFiles(files, id);
    }
}
