using System.Xml;

namespace Edge.Xmpp.Internal;

/// <summary>
/// The namespace context every stanza of one stream is parsed in (the stream header's declarations, RFC 6120 §4.8) and
/// its name table, which the parser (<see cref="XmlTreeBuilder"/>) shares across the stanzas: a name met once is not allocated again.
/// A name table only grows, and a peer chooses the names, so it is started afresh (with the header's declarations)
/// once the stanzas parsed with it reach <see cref="RenewAfterChars"/> characters: it then holds at most the names of
/// that much text plus one stanza (each name costs at least its own characters in the text), however long the stream
/// lives. The names an ordinary stream uses are a few dozen, so a renewal costs a few dozen strings again.
/// </summary>
internal sealed class StanzaParserContext
{
    /// <summary>Characters of stanza text parsed with one name table before it is replaced (256 Ki).</summary>
    public const int RenewAfterChars = 256 * 1024;

    private XmlNameTable _names = new NameTable();
    private long _chars;

    /// <param name="declarations">The stream header's namespace declarations: prefix ("" for the default) and URI.</param>
    public StanzaParserContext(IReadOnlyList<(string Prefix, string Uri)> declarations)
    {
        Declarations = declarations;
        DefaultNamespace = declarations.LastOrDefault(d => d.Prefix.Length == 0).Uri ?? string.Empty;
    }

    /// <summary>The stream header's namespace declarations: prefix ("" for the default) and URI.</summary>
    public IReadOnlyList<(string Prefix, string Uri)> Declarations { get; }

    /// <summary>The default namespace the header declared ("" when none).</summary>
    public string DefaultNamespace { get; }

    /// <summary>The name table stanzas are parsed with now.</summary>
    public XmlNameTable NameTable => _names;

    /// <summary>How many times the name table was started afresh.</summary>
    public int Renewals { get; private set; }

    /// <summary>The name table to parse a stanza of <paramref name="chars"/> bytes with.</summary>
    public XmlNameTable For(int chars)
    {
        _chars += chars;
        if (_chars > RenewAfterChars)
        {
            _names = new NameTable();
            _chars = chars;
            Renewals++;
        }

        return _names;
    }
}
