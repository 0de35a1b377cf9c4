namespace Edge.Exi.Internal.Schema;

/// <summary>One URI partition of the schema-informed string table, pre-populated (§7.3.1, appendix D).</summary>
internal sealed record UriEntry(string Uri, string[] Prefixes, string[] LocalNames);

/// <summary>
/// EXI grammars compiled from a set of XML Schema documents: the pre-populated string table, the document and
/// fragment grammars, and per qualified name (ids as in the pre-populated table) the global element grammar, the
/// global attribute datatype and the type grammar xsi:type can select. Immutable; shared by every stream.
/// </summary>
internal sealed class CompiledSchema
{
    private StringTableTemplate? _table;

    public required UriEntry[] Uris { get; init; }

    /// <summary>Gets the pre-populated string table every stream starts from (shared, immutable).</summary>
    public StringTableTemplate Table => _table ??= new StringTableTemplate(Uris.Select(u => (u.Uri, u.Prefixes, u.LocalNames)));

    /// <summary>Gets the number of qualified names the pre-populated table holds (ids 0..count-1).</summary>
    public required int QNameCount { get; init; }

    public required ElementGrammar?[] GlobalElements { get; init; }

    public required Datatype?[] GlobalAttributes { get; init; }

    public required SchemaState?[] TypeGrammars { get; init; }

    public required SchemaState DocContent { get; init; }

    public required SchemaState FragmentContent { get; init; }

    /// <summary>Gets the number of grammar states, for diagnostics.</summary>
    public required int StateCount { get; init; }

    /// <summary>Gets the global element declarations in document-grammar order, for diagnostics and listings.</summary>
    public required IReadOnlyList<(string Uri, string LocalName)> GlobalElementNames { get; init; }
}
