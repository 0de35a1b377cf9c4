using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Xmpp;

namespace Edge.Agent.DemandResponse.OpenAdr.Internal;

/// <summary>
/// Loads an untrusted payload into an <see cref="XElement"/> tree through Edge's own parser (<see cref="XmlMarkup"/>)
/// with limits: no DTD (so no entity expansion, no external resolution), a cap on bytes and on element depth.
/// Comments and processing instructions are skipped, whitespace-only text dropped, namespace declarations not kept as
/// attributes (the names carry the namespaces). Never throws for bad input: the error is a sentence.
/// </summary>
internal static class BoundedXml
{
    public static XmlMarkupOptions Options(int maxBytes, int maxDepth) => new()
    {
        Document = true,
        MaxBytes = maxBytes,
        MaxDepth = maxDepth,
        IgnoreWhitespace = true,
        KeepNamespaceDeclarations = false,
    };

    /// <summary>Reads one document held as bytes (UTF-8, or UTF-16 with a byte-order mark).</summary>
    public static bool TryLoad(ReadOnlySpan<byte> xml, XmlMarkupOptions options, [NotNullWhen(true)] out XElement? root, [NotNullWhen(false)] out string? error)
    {
        if (XmlMarkup.TryParse(xml, options, out root, out var refused))
        {
            error = null;
            return true;
        }

        error = Describe(refused, options);
        return false;
    }

    /// <summary>Reads one document held as a string.</summary>
    public static bool TryLoad(string xml, XmlMarkupOptions options, [NotNullWhen(true)] out XElement? root, [NotNullWhen(false)] out string? error)
    {
        try
        {
            root = XmlMarkup.Parse(xml, options);
            error = null;
            return true;
        }
        catch (XmlMarkupException refused)
        {
            root = null;
            error = Describe(refused, options);
            return false;
        }
    }

    private static string Describe(XmlMarkupException refused, XmlMarkupOptions options) => refused switch
    {
        { StreamErrorCondition: "restricted-xml" } when refused.Message.Contains("DTD", StringComparison.Ordinal) => "a DTD (<!DOCTYPE …>) is not allowed",
        { StreamErrorCondition: "policy-violation" } when refused.Message.Contains("nest", StringComparison.Ordinal) => $"the XML nests deeper than {options.MaxDepth} elements",
        { StreamErrorCondition: "policy-violation" } => "the XML has too many characters",
        _ => $"malformed XML: {refused.Message}",
    };
}
