using System.Globalization;
using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary>
/// How XEP-0322 names a schema file (§2.2.2 note, §3.6): its target namespace, its size in bytes and the MD5 hash of
/// its bytes in lower-case hex. Two files with the same three are the same schema.
/// </summary>
public sealed record ExiSchemaId
{
    /// <summary>The longest namespace accepted from a peer (a bound on untrusted input).</summary>
    public const int MaxNamespaceLength = 1024;

    public ExiSchemaId(string @namespace, long bytes, string md5Hash)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(md5Hash);
        if (@namespace.Length > MaxNamespaceLength)
        {
            throw new ArgumentException($"A schema namespace is longer than {MaxNamespaceLength} characters.", nameof(@namespace));
        }

        if (bytes < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A schema's byte count must be positive, was {bytes}."), nameof(bytes));
        }

        if (!IsMd5(md5Hash))
        {
            throw new ArgumentException($"'{Truncate(md5Hash)}' is not an MD5 hash in lower-case hex (XEP-0322 MD5Hash: [0-9a-f]{{32}}).", nameof(md5Hash));
        }

        Namespace = @namespace;
        Bytes = bytes;
        Md5Hash = md5Hash;
    }

    public string Namespace { get; }

    public long Bytes { get; }

    public string Md5Hash { get; }

    /// <summary>Writes <c>&lt;schema ns bytes md5Hash/&gt;</c> (or <c>missingSchema</c>) in the XEP-0322 namespace.</summary>
    public XElement ToXml(string elementName = "schema") => new(ExiNamespaces.Exi + elementName,
        new XAttribute("ns", Namespace),
        new XAttribute("bytes", Bytes.ToString(CultureInfo.InvariantCulture)),
        new XAttribute("md5Hash", Md5Hash));

    /// <summary>Reads a <c>schema</c> or <c>missingSchema</c> element; throws <see cref="XmppProtocolException"/> naming what is wrong.</summary>
    public static ExiSchemaId Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var ns = (string?)element.Attribute("ns");
        var bytesText = (string?)element.Attribute("bytes");
        var md5 = (string?)element.Attribute("md5Hash");
        if (ns is null || bytesText is null || md5 is null)
        {
            throw new XmppProtocolException("bad-format", $"<{element.Name.LocalName}/> needs ns, bytes and md5Hash (XEP-0322 §2.2.2).");
        }

        if (!long.TryParse(bytesText, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            throw new XmppProtocolException("bad-format", $"<{element.Name.LocalName}/> bytes='{Truncate(bytesText)}' is not a positive integer.");
        }

        try
        {
            return new ExiSchemaId(ns, bytes, md5);
        }
        catch (ArgumentException e)
        {
            throw new XmppProtocolException("bad-format", e.Message, e);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Namespace} ({Bytes} bytes, md5 {Md5Hash})");

    internal static bool IsMd5(string text)
    {
        if (text.Length != 32)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    internal static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
