using Edge.Xmpp.Exi;

namespace Edge.Xmpp;

/// <summary>Whether the client negotiates EXI (XEP-0322) on its stream.</summary>
public enum XmppExiMode
{
    /// <summary>XML only: EXI is never proposed.</summary>
    Off,

    /// <summary>EXI when the server (or gateway) offers it; XML, and an Information log line saying so, when not.</summary>
    Prefer,

    /// <summary>EXI or no connection: a server that does not offer or agree to it is a connection failure.</summary>
    Require,
}

/// <summary>
/// <c>Xmpp:Exi</c>: EXI compression of the stream (XEP-0322 over XEP-0138 stream compression). The client proposes
/// these options and its schema set (the built-in XMPP set plus <see cref="SchemaFiles"/>) in <c>setup</c>, uploads a
/// schema the server lacks once, remembers the configuration id the server gives for a quick setup on the next
/// connection, then switches the stream to EXI.
/// </summary>
public sealed class XmppExiOptions
{
    /// <summary><see cref="Binding"/>: EXI negotiated on an XML stream (XEP-0322 §2, over XEP-0138).</summary>
    public const string NegotiatedBinding = "negotiated";

    /// <summary><see cref="Binding"/>: XEP-0322 §2.4, EXI from the first byte on a port of its own.</summary>
    public const string ExiOnlyBinding = "exi-only";

    public XmppExiMode Mode { get; set; } = XmppExiMode.Off;

    /// <summary>
    /// How EXI starts. <c>negotiated</c> (the default): an XML stream on <c>Xmpp:Port</c> that switches to EXI when the
    /// server offers the <c>exi</c> compression method. <c>exi-only</c>: XEP-0322 §2.4's alternative binding —
    /// <c>Xmpp:Port</c> is then the server's (gateway's) EXI-only port, and the stream is EXI from the first byte (the
    /// <c>$EXI</c> cookie, the default options and schema of §2.4.3/§3.14), STARTTLS and SASL inside it, then one setup
    /// with these options and the schema set (or the quick form with a remembered configuration id), after which the
    /// stream restarts in the agreed options. A refused setup keeps the default options (still EXI).
    /// </summary>
    public string Binding { get; set; } = NegotiatedBinding;

    /// <summary>Gets a value indicating whether <see cref="Binding"/> is <c>exi-only</c>.</summary>
    public bool IsExiOnly => Binding == ExiOnlyBinding;

    /// <summary>bit-packed (smallest without compression), byte-alignment, pre-compression or compression (EXI 1.0 §5.4).</summary>
    public string Alignment { get; set; } = "bit-packed";

    /// <summary>Strict schema-informed grammars: smaller, but every stanza must be valid against the schemas.</summary>
    public bool Strict { get; set; }

    /// <summary>
    /// Extra XML Schema files (paths) proposed besides the built-in XMPP set, e.g. a vendor's namespace. Each needs its
    /// grammar file beside it (<c>NAME.xsd.exig</c>, from <c>edge-gateway exi compile NAME.xsd</c>): the agent composes
    /// grammars from grammar files and carries no XML Schema compiler.
    /// </summary>
    public IList<string> SchemaFiles { get; } = [];

    /// <summary>
    /// Ask for <c>sessionWideBuffers</c> (XEP-0322 §3): string tables kept across the stanzas of a stream instead of
    /// cleared after each, so JIDs, node and field names, units and ids sent before cost a few bits. The XEP allows it
    /// (its default is off); a server that does not agree answers it off and the stream runs without.
    /// </summary>
    public bool SessionWideBuffers { get; set; } = true;

    /// <summary>
    /// With <see cref="SessionWideBuffers"/>: the longest value kept in the string table (<c>valueMaxLength</c>,
    /// EXI 1.0 §5.4); longer ones are sent in full each time. Null: unbounded.
    /// </summary>
    public int? ValueMaxLength { get; set; } = 64;

    /// <summary>
    /// With <see cref="SessionWideBuffers"/>: the most values the table keeps (<c>valuePartitionCapacity</c>, EXI 1.0
    /// §7.3.3), the oldest replaced first, so a stream of distinct readings (timestamps) does not grow it without end.
    /// </summary>
    public int? ValuePartitionCapacity { get; set; } = 1024;

    /// <summary>Upload a schema the server lists as missing (once per connection: XEP-0322 §6 forbids a loop).</summary>
    public bool UploadMissingSchemas { get; set; } = true;

    /// <summary>The alignment as the codec's value; valid after <see cref="Validate"/> found no error.</summary>
    internal Edge.Exi.ExiAlignment ParsedAlignment =>
        ExiParameters.TryParseAlignment(Alignment, out var alignment) ? alignment : Edge.Exi.ExiAlignment.BitPacked;

    /// <summary>Checks the options; each message names the key and the bad value.</summary>
    public IReadOnlyList<string> Validate(string section = "Xmpp:Exi")
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Mode))
        {
            errors.Add($"{section}:Mode '{Mode}' is not off, prefer or require.");
        }

        if (Binding is not (NegotiatedBinding or ExiOnlyBinding))
        {
            errors.Add($"{section}:Binding '{Binding}' is not {NegotiatedBinding} or {ExiOnlyBinding}.");
        }
        else if (IsExiOnly && Mode == XmppExiMode.Off)
        {
            errors.Add($"{section}:Binding is {ExiOnlyBinding} but {section}:Mode is off: the EXI-only binding has no XML; set Mode to prefer or require.");
        }

        if (!ExiParameters.TryParseAlignment(Alignment, out _))
        {
            errors.Add($"{section}:Alignment '{Alignment}' is not bit-packed, byte-alignment, pre-compression or compression.");
        }

        if (ValueMaxLength is < 1)
        {
            errors.Add($"{section}:ValueMaxLength {ValueMaxLength} must be at least 1 (or unset).");
        }

        if (ValuePartitionCapacity is < 0)
        {
            errors.Add($"{section}:ValuePartitionCapacity {ValuePartitionCapacity} must not be negative (or unset).");
        }

        foreach (var path in SchemaFiles)
        {
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                errors.Add($"{section}:SchemaFiles '{path}' does not exist.");
                continue;
            }

            try
            {
                ExiSchemaFile.LoadCompiled(path);
            }
            catch (FormatException e)
            {
                errors.Add($"{section}:SchemaFiles '{path}': {e.Message}");
            }
        }

        if (Mode != XmppExiMode.Off && errors.Count == 0 && SchemaFiles.Count > 0)
        {
            try
            {
                var set = ExiSchemaSet.BuiltIn.WithFiles(SchemaFiles);
                set.Compile(set.Ids);
            }
            catch (Edge.Exi.ExiSchemaException e)
            {
                errors.Add($"{section}:SchemaFiles do not compile with the built-in XMPP set: {e.Message}");
            }
        }

        return errors;
    }
}
