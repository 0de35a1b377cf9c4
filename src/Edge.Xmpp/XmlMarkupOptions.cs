namespace Edge.Xmpp;

/// <summary>
/// What <see cref="XmlMarkup"/> accepts beyond a single element of RFC 6120 §11 restricted XML, and its bounds.
/// The defaults are a stanza's: no prolog, no comments, whitespace kept, declarations kept as attributes.
/// </summary>
public sealed record XmlMarkupOptions
{
    /// <summary>Gets the options for one stanza: 64 KiB, 256 levels deep.</summary>
    public static XmlMarkupOptions Stanza { get; } = new();

    /// <summary>Gets the largest input in bytes (refused as <c>policy-violation</c>).</summary>
    public int MaxBytes { get; init; } = 64 * 1024;

    /// <summary>Gets how deep elements may nest, the root counting as one (refused as <c>policy-violation</c>).</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>
    /// Gets a value indicating whether the input is a document (a file, a payload) rather than part of an XMPP
    /// stream: a UTF-8 byte-order mark and an XML declaration may open it, comments and processing instructions are
    /// skipped. A DTD is refused either way.
    /// </summary>
    public bool Document { get; init; }

    /// <summary>Gets a value indicating whether text of only whitespace between elements is dropped.</summary>
    public bool IgnoreWhitespace { get; init; }

    /// <summary>Gets a value indicating whether namespace declarations stay on the tree as attributes (as <c>XElement.Load</c> keeps them).</summary>
    public bool KeepNamespaceDeclarations { get; init; } = true;
}
