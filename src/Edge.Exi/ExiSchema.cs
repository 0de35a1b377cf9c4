using System.Text;
using System.Xml;
using System.Xml.Schema;
using Edge.Exi.Internal.Schema;
using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi;

/// <summary>
/// EXI grammars built from XML Schema documents, for schema-informed coding (EXI 1.0 §8.5): set it as
/// <see cref="ExiOptions.Schema"/> on both sides. Building the grammars costs milliseconds; an instance is
/// immutable and thread-safe, so build it once and share it. <see cref="Xmpp"/> is the built-in set for the XMPP
/// streams Edge uses.
/// </summary>
public sealed class ExiSchema
{
    /// <summary>The schemaId of <see cref="Xmpp"/>, as written in (and resolved from) EXI headers.</summary>
    public const string XmppId = "urn:edge:exi:xmpp-iot:1";

    /// <summary>
    /// The schemaId of <see cref="XmppExiDefault"/>: XEP-0322 §3.14 names the default schema of its EXI-only binding
    /// <c>urn:xmpp:exi:default</c>.
    /// </summary>
    public const string XmppExiDefaultId = "urn:xmpp:exi:default";

    private static readonly Lazy<ExiSchema> BuiltInXmpp = new(() => FromResources("xmpp-iot.xsd", XmppId));
    private static readonly Lazy<ExiSchema> BuiltInXmppExiDefault = new(() => FromResources("xmpp-exi-default.xsd", XmppExiDefaultId));

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
    /// Builds grammars from XML Schema files; includes and imports are resolved relative to each file (local files
    /// only: a remote schemaLocation is an error). Throws <see cref="ExiSchemaException"/> naming the file and line
    /// of the first problems.
    /// </summary>
    public static ExiSchema Load(IEnumerable<string> paths, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var set = NewSet();
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => Collect(errors, e);
        foreach (string path in paths)
        {
            string full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new ExiSchemaException($"Schema file '{path}' does not exist.");
            }

            AddDocument(set, new Uri(full), errors);
        }

        return Compile(set, errors, id);
    }

    /// <summary>Builds grammars from XML Schema files (see <see cref="Load(IEnumerable{string}, string)"/>).</summary>
    public static ExiSchema Load(params string[] paths) => Load((IEnumerable<string>)paths);

    /// <summary>Builds grammars from a schema set, compiling it first if needed.</summary>
    public static ExiSchema FromSchemaSet(XmlSchemaSet set, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => Collect(errors, e);
        return Compile(set, errors, id);
    }

    /// <summary>Builds grammars from schema documents given as text (imports among them resolve by namespace).</summary>
    public static ExiSchema FromXml(IEnumerable<string> schemaDocuments, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(schemaDocuments);
        var set = NewSet();
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => Collect(errors, e);
        int n = 0;
        foreach (string text in schemaDocuments)
        {
            n++;
            using var reader = XmlReader.Create(new StringReader(text), ReaderSettings(Resolver), $"schema{n}.xsd");
            try
            {
                set.Add(null, reader);
            }
            catch (Exception ex) when (ex is XmlException or XmlSchemaException)
            {
                errors.Add($"schema document {n}: {ex.Message}");
                throw new ExiSchemaException(Describe(errors), ex);
            }
        }

        return Compile(set, errors, id);
    }

    /// <summary>A one-line summary: global elements, states, names (for the command line's diagnostics).</summary>
    public override string ToString() =>
        $"{GlobalElements.Count} global elements, {Compiled.StateCount} grammar states, {Compiled.QNameCount} names in {Compiled.Uris.Length} namespaces{(Id is null ? string.Empty : $", schemaId {Id}")}";

    private static ExiSchema FromResources(string fileName, string id)
    {
        var set = NewSet();
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => Collect(errors, e);
        AddDocument(set, LocalSchemaResolver.ResourceUri(fileName), errors);
        return Compile(set, errors, id);
    }

    private static readonly LocalSchemaResolver Resolver = new();

    private static XmlSchemaSet NewSet() => new() { XmlResolver = Resolver };

    private static XmlReaderSettings ReaderSettings(XmlResolver? resolver) => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = resolver,
    };

    private static void AddDocument(XmlSchemaSet set, Uri uri, List<string> errors)
    {
        try
        {
            using var stream = (Stream)Resolver.GetEntity(uri, null, typeof(Stream))!;
            using var reader = XmlReader.Create(stream, ReaderSettings(Resolver), uri.ToString());
            set.Add(null, reader);
        }
        catch (Exception ex) when (ex is XmlException or XmlSchemaException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"{uri}: {ex.Message}");
            throw new ExiSchemaException(Describe(errors), ex);
        }
    }

    private static ExiSchema Compile(XmlSchemaSet set, List<string> errors, string? id)
    {
        try
        {
            if (!set.IsCompiled)
            {
                set.Compile();
            }
        }
        catch (XmlSchemaException ex)
        {
            errors.Add(Where(ex.SourceUri, ex.LineNumber, ex.LinePosition, ex.Message));
        }
        catch (ExiSchemaException ex)
        {
            errors.Add(ex.Message);
        }

        if (errors.Count > 0)
        {
            throw new ExiSchemaException(Describe(errors));
        }

        return new ExiSchema(SchemaCompiler.Compile(XsdModelBuilder.Build(set).Schema), id);
    }

    private static void Collect(List<string> errors, ValidationEventArgs e)
    {
        // A schemaLocation our resolver refused (remote, or missing) comes as a warning whose own text is only "Cannot
        // resolve the 'schemaLocation' attribute": the resolver's message says which location and why.
        var refused = e.Exception?.InnerException as ExiSchemaException;
        if (e.Severity == XmlSeverityType.Error || refused is not null)
        {
            var message = refused is null ? e.Message : e.Message + " " + refused.Message;
            errors.Add(Where(e.Exception?.SourceUri, e.Exception?.LineNumber ?? 0, e.Exception?.LinePosition ?? 0, message));
        }
    }

    private static string Where(string? source, int line, int position, string message) =>
        line > 0 ? $"{source}({line},{position}): {message}" : $"{source}: {message}";

    private static string Describe(List<string> errors)
    {
        var text = new StringBuilder("Invalid XML Schema: ");
        text.AppendJoin("; ", errors.Take(5));
        if (errors.Count > 5)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" (and {errors.Count - 5} more)");
        }

        return text.ToString();
    }
}
