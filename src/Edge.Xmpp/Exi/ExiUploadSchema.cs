using System.Globalization;
using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary>
/// <c>&lt;uploadSchema/&gt;</c> (XEP-0322 §2.2.3-§2.2.4): a schema file sent base64-encoded so a byte-exact copy
/// arrives. For EXI content types the original file's byte count and MD5 travel in the attributes.
/// </summary>
public sealed record ExiUploadSchema(ReadOnlyMemory<byte> Content, ExiSchemaContentType ContentType = ExiSchemaContentType.Text,
    long? Bytes = null, string? Md5Hash = null)
{
    /// <summary>The largest schema accepted from a peer by default (a bound on untrusted input).</summary>
    public const int DefaultMaxBytes = 1 << 20;

    public static ExiUploadSchema From(ExiSchemaFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new ExiUploadSchema(file.Content);
    }

    public XElement ToXml()
    {
        var element = new XElement(ExiNamespaces.Exi + "uploadSchema", Convert.ToBase64String(Content.Span));
        if (ContentType != ExiSchemaContentType.Text)
        {
            element.SetAttributeValue("contentType", ContentType.ToString());
        }

        element.SetAttributeValue("bytes", Bytes?.ToString(CultureInfo.InvariantCulture));
        element.SetAttributeValue("md5Hash", Md5Hash);
        return element;
    }

    /// <summary>Reads an <c>uploadSchema</c>; content larger than <paramref name="maxBytes"/> is refused before decoding.</summary>
    public static ExiUploadSchema Parse(XElement element, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(element);
        ExiXml.Expect(element, "uploadSchema");
        var contentType = (string?)element.Attribute("contentType") switch
        {
            null or "Text" => ExiSchemaContentType.Text,
            "ExiBody" => ExiSchemaContentType.ExiBody,
            "ExiDocument" => ExiSchemaContentType.ExiDocument,
            var other => throw new XmppProtocolException("bad-format", $"contentType='{ExiSchemaId.Truncate(other)}' is not Text, ExiBody or ExiDocument."),
        };
        long? bytes = null;
        if ((string?)element.Attribute("bytes") is { } bytesText)
        {
            bytes = long.TryParse(bytesText, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 0
                ? b
                : throw new XmppProtocolException("bad-format", $"bytes='{ExiSchemaId.Truncate(bytesText)}' is not a positive integer.");
        }

        var md5 = (string?)element.Attribute("md5Hash");
        if (md5 is not null && !ExiSchemaId.IsMd5(md5))
        {
            throw new XmppProtocolException("bad-format", $"md5Hash='{ExiSchemaId.Truncate(md5)}' is not an MD5 hash in lower-case hex.");
        }

        if (contentType != ExiSchemaContentType.Text && (bytes is null || md5 is null))
        {
            throw new XmppProtocolException("bad-format", "An EXI-compressed schema upload needs bytes and md5Hash (XEP-0322 §2.2.4).");
        }

        var text = element.Value;
        if ((long)text.Length * 3 / 4 > maxBytes)
        {
            throw new XmppProtocolException("policy-violation", string.Create(CultureInfo.InvariantCulture, $"An uploaded schema is larger than {maxBytes} bytes."));
        }

        try
        {
            return new ExiUploadSchema(Convert.FromBase64String(text), contentType, bytes, md5);
        }
        catch (FormatException e)
        {
            throw new XmppProtocolException("bad-format", "An uploaded schema is not base64.", e);
        }
    }
}
