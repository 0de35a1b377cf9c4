using System.Xml;

namespace Edge.Xmpp.Internal;

/// <summary>
/// The namespace context every stanza of one stream is parsed in (the stream header's declarations, RFC 6120 §4.8) and
/// its name table, which the <see cref="XmlTextReader"/> of each stanza shares: a name met once is not allocated again.
/// A name table only grows, and a peer chooses the names, so it is started afresh (with the header's declarations)
/// once the stanzas parsed with it reach <see cref="RenewAfterChars"/> characters: it then holds at most the names of
/// that much text plus one stanza (each name costs at least its own characters in the text), however long the stream
/// lives. The names an ordinary stream uses are a few dozen, so a renewal costs a few dozen strings again.
/// </summary>
internal sealed class StanzaParserContext
{
    /// <summary>Characters of stanza text parsed with one name table before it is replaced (256 Ki).</summary>
    public const int RenewAfterChars = 256 * 1024;

    private readonly IReadOnlyList<(string Prefix, string Uri)> _declarations;
    private XmlParserContext _context;
    private long _chars;

    /// <param name="declarations">The stream header's namespace declarations: prefix ("" for the default) and URI.</param>
    public StanzaParserContext(IReadOnlyList<(string Prefix, string Uri)> declarations)
    {
        _declarations = declarations;
        _context = Create(out var defaultNamespace);
        DefaultNamespace = defaultNamespace;
    }

    /// <summary>The default namespace the header declared ("" when none).</summary>
    public string DefaultNamespace { get; }

    /// <summary>The name table stanzas are parsed with now.</summary>
    public XmlNameTable NameTable => _context.NameTable!;

    /// <summary>How many times the name table was started afresh.</summary>
    public int Renewals { get; private set; }

    /// <summary>The context to parse a stanza of <paramref name="chars"/> characters in.</summary>
    public XmlParserContext For(int chars)
    {
        _chars += chars;
        if (_chars > RenewAfterChars)
        {
            _context = Create(out _);
            _chars = chars;
            Renewals++;
        }

        return _context;
    }

    private XmlParserContext Create(out string defaultNamespace)
    {
        var names = new XmlNamespaceManager(new NameTable());
        foreach (var (prefix, uri) in _declarations)
        {
            names.AddNamespace(prefix, uri);
        }

        defaultNamespace = names.DefaultNamespace;
        return new XmlParserContext(null, names, null, XmlSpace.None);
    }
}
