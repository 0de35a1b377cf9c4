using System.Text;
using System.Xml;

namespace Edge.Exi.Tests;

/// <summary>
/// A namespace-aware, prefix-blind rendering of an XML text, to compare documents for equivalence. Attributes are
/// listed in name order (their order carries no meaning, and schema-informed EXI sorts them).
/// </summary>
internal static class XmlEquivalence
{
    /// <summary>
    /// With <paramref name="collapseWhitespace"/>, runs of whitespace in text and attribute values count as one space
    /// and leading/trailing whitespace is ignored: for comparing schema-informed decodings, where typed values come
    /// back in canonical form (EXIficient writes a list with a trailing space; Edge.Exi without).
    /// </summary>
    public static string Canonical(string xml, bool collapseWhitespace = false)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true, IgnoreProcessingInstructions = true };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        var result = new StringBuilder();
        var text = new StringBuilder();
        int depth = 0;
        bool simple = false;
        while (reader.Read())
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                if (depth > 0)
                {
                    text.Append(reader.Value);
                }

                continue;
            }

            // Whitespace-only text counts only as an element's sole content (insignificant elsewhere, EXI §4).
            bool keep = !string.IsNullOrWhiteSpace(text.ToString()) || (simple && reader.NodeType == XmlNodeType.EndElement);
            if (text.Length > 0 && keep)
            {
                result.Append("CH ").Append(collapseWhitespace ? Collapse(text.ToString()) : text).Append('\n');
            }

            text.Clear();
            simple = reader.NodeType == XmlNodeType.Element && !reader.IsEmptyElement;

            if (reader.NodeType == XmlNodeType.Element)
            {
                result.Append("SE {").Append(reader.NamespaceURI).Append('}').Append(reader.LocalName).Append('\n');
                bool empty = reader.IsEmptyElement;
                var attributes = new List<string>();
                if (reader.MoveToFirstAttribute())
                {
                    do
                    {
                        if (reader.NamespaceURI != "http://www.w3.org/2000/xmlns/")
                        {
                            string value = collapseWhitespace ? Collapse(Value(reader)) : Value(reader);
                            attributes.Add($"AT {{{reader.NamespaceURI}}}{reader.LocalName}={value}\n");
                        }
                    }
                    while (reader.MoveToNextAttribute());
                }

                attributes.Sort(StringComparer.Ordinal);
                attributes.ForEach(a => result.Append(a));

                if (empty)
                {
                    result.Append("EE\n");
                }
                else
                {
                    depth++;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement)
            {
                depth--;
                result.Append("EE\n");
            }
        }

        return result.ToString();
    }

    private static string Collapse(string text) => string.Join(' ', text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The value of xsi:type is a qualified name: compare it by namespace, not by prefix.</summary>
    private static string Value(XmlReader reader)
    {
        if (reader.NamespaceURI != "http://www.w3.org/2001/XMLSchema-instance" || reader.LocalName != "type")
        {
            return reader.Value;
        }

        string[] parts = reader.Value.Split(':', 2);
        string prefix = parts.Length == 2 ? parts[0] : string.Empty;
        return $"{{{reader.LookupNamespace(prefix)}}}{parts[^1]}";
    }
}
