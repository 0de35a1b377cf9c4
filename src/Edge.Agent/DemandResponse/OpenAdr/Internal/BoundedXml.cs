using System.Diagnostics.CodeAnalysis;
using System.Xml;
using System.Xml.Linq;

namespace Edge.Agent.DemandResponse.OpenAdr.Internal;

/// <summary>
/// Loads untrusted XML into an <see cref="XElement"/> tree with limits: no DTD (so no entity expansion), no external
/// resolution, a cap on characters and on element depth. Comments and processing instructions are dropped;
/// namespace declarations are not kept as attributes (the names carry the namespaces).
/// </summary>
internal static class BoundedXml
{
    private const string XmlnsUri = "http://www.w3.org/2000/xmlns/";

    public static XmlReaderSettings Settings(int maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>
    /// Reads one document from <paramref name="reader"/>. Never throws for bad input; <paramref name="error"/> says
    /// what was wrong.
    /// </summary>
    public static bool TryLoad(XmlReader reader, int maxDepth, [NotNullWhen(true)] out XElement? root, [NotNullWhen(false)] out string? error)
    {
        root = null;
        var open = new Stack<XElement>();
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (reader.Depth >= maxDepth)
                        {
                            error = $"the XML nests deeper than {maxDepth} elements";
                            return false;
                        }

                        bool empty = reader.IsEmptyElement;
                        var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
                        while (reader.MoveToNextAttribute())
                        {
                            if (reader.NamespaceURI != XmlnsUri)
                            {
                                element.Add(new XAttribute(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value));
                            }
                        }

                        if (open.TryPeek(out XElement? parent))
                        {
                            parent.Add(element);
                        }
                        else
                        {
                            root = element;
                        }

                        if (!empty)
                        {
                            open.Push(element);
                        }

                        break;
                    case XmlNodeType.EndElement:
                        open.Pop();
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                        if (open.TryPeek(out XElement? holder))
                        {
                            holder.Add(new XText(reader.Value));
                        }

                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            root = null;
            // DtdProcessing.Prohibit and MaxCharactersInDocument report as an XmlException like any other; the
            // message names the cause.
            error = ex.Message.Contains("DTD", StringComparison.Ordinal) ? "a DTD (<!DOCTYPE …>) is not allowed"
                : ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) ? "the XML has too many characters"
                : $"malformed XML: {ex.Message}";
            return false;
        }

        if (root is null)
        {
            error = "no XML element";
            return false;
        }

        error = null;
        return true;
    }
}
