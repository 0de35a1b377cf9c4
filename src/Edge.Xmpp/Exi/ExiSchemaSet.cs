using System.Collections.Concurrent;
using Edge.Exi;

namespace Edge.Xmpp.Exi;

/// <summary>
/// The schema files one side of an EXI/XMPP stream has (XEP-0322 §2.2.2): the built-in XMPP set of Edge.Exi
/// (src/Edge.Exi/Schemas, one file per namespace) plus any extra files. Lists the <see cref="ExiSchemaId"/>s for a
/// <c>setup</c>, finds the files a <c>missingSchema</c> names, and composes an agreed list into the grammars both
/// sides use, from the files' grammar files (<see cref="ExiSchemaFile.Grammar"/>: compiled ahead of time, so no XML
/// Schema compiler runs here). Immutable: <see cref="With"/> returns a new set.
/// </summary>
public sealed class ExiSchemaSet
{
    // The wrapper document xmpp-iot.xsd declares nothing (it only imports the others), so it is not a schema of the
    // negotiation; the canonical schema (§3.10) plays its part.
    private static readonly string[] BuiltInFiles =
        ["xml.xsd", "xmpp-stanzas.xsd", "jabber-client.xsd", "x-data.xsd", "iot-sensordata.xsd", "iot-control.xsd", "pubsub.xsd"];

    private static readonly Lazy<ExiSchemaSet> BuiltInSet = new(LoadBuiltIn);
    private static readonly ConcurrentDictionary<string, Lazy<ExiSchema>> Compiled = new(StringComparer.Ordinal);

    private readonly ExiSchemaFile[] _files;

    private ExiSchemaSet(ExiSchemaFile[] files) => _files = files;

    /// <summary>Gets the built-in XMPP set: the namespaces of <see cref="ExiSchema.Xmpp"/>, from the same bytes.</summary>
    public static ExiSchemaSet BuiltIn => BuiltInSet.Value;

    /// <summary>Gets the files, sorted by namespace (the canonical schema's import order, XEP-0322 §3.10).</summary>
    public IReadOnlyList<ExiSchemaFile> Files => _files;

    /// <summary>Gets the identities of the files, as a <c>setup</c> lists them.</summary>
    public IReadOnlyList<ExiSchemaId> Ids => [.. _files.Select(f => f.Id)];

    /// <summary>
    /// Adds files; a file with the same namespace as one already in the set replaces it (one version of a namespace
    /// per set). Throws <see cref="FormatException"/> naming a file that is not a schema.
    /// </summary>
    public ExiSchemaSet With(IEnumerable<ExiSchemaFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var byNamespace = _files.ToDictionary(f => f.Id.Namespace, StringComparer.Ordinal);
        foreach (var file in files)
        {
            byNamespace[file.Id.Namespace] = file;
        }

        return new ExiSchemaSet([.. byNamespace.Values.OrderBy(f => f.Id.Namespace, StringComparer.Ordinal)]);
    }

    /// <summary>Adds schema files read from disk with their grammar files (<see cref="ExiSchemaFile.LoadCompiled"/>).</summary>
    public ExiSchemaSet WithFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return With(paths.Select(ExiSchemaFile.LoadCompiled).ToArray());
    }

    /// <summary>The file with exactly this identity (namespace, bytes and MD5), or null.</summary>
    public ExiSchemaFile? Find(ExiSchemaId id) => Array.Find(_files, f => f.Id == id);

    /// <summary>
    /// The grammars for an agreed list of schemas: the canonical schema of XEP-0322 §3.10 (every listed schema imported,
    /// in ascending namespace order), composed from the files' grammar files. Every id must be in this set, with a grammar
    /// file. The built-in list is <see cref="ExiSchema.Xmpp"/> itself; other lists are composed once per process and shared.
    /// </summary>
    public ExiSchema Compile(IEnumerable<ExiSchemaId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var files = ids.Distinct().Select(id => Find(id) ?? throw new ArgumentException($"Schema {id} is not in the set.", nameof(ids)))
            .OrderBy(f => f.Id.Namespace, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new ArgumentException("An EXI schema set needs at least one schema.", nameof(ids));
        }

        if (files.Select(f => f.Id).SequenceEqual(BuiltIn._files.Select(f => f.Id)))
        {
            return ExiSchema.Xmpp;
        }

        var key = string.Join('|', files.Select(f => f.Id.Md5Hash));
        var grammars = files.Select(f => f.Grammar ?? throw new ArgumentException($"Schema {f.Id} ({f.Name}) has no grammar file.", nameof(ids))).ToArray();
        return Compiled.GetOrAdd(key, _ => new Lazy<ExiSchema>(() => ExiSchema.FromGrammarFiles(grammars))).Value;
    }

    private static ExiSchemaSet LoadBuiltIn()
    {
        var assembly = typeof(ExiSchema).Assembly;
        var files = new List<ExiSchemaFile>();
        foreach (var name in BuiltInFiles)
        {
            var resource = "Edge.Exi.Schemas." + name;
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The built-in schema {resource} is missing from Edge.Exi.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files.Add(ExiSchemaFile.FromBytesAndGrammar(copy.ToArray(), name, ExiSchema.BuiltInGrammarFile(name)));
        }

        return new ExiSchemaSet([.. files.OrderBy(f => f.Id.Namespace, StringComparer.Ordinal)]);
    }
}
