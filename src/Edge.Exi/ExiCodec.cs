using System.Text;
using System.Xml;
using Edge.Exi.Internal;

namespace Edge.Exi;

/// <summary>
/// Encodes XML to EXI from an <see cref="XmlReader"/> and decodes EXI to an <see cref="XmlWriter"/>, streaming:
/// no document object model is built on either side.
/// </summary>
public static class ExiCodec
{
    /// <summary>Encodes everything <paramref name="reader"/> yields into <paramref name="output"/>.</summary>
    public static void Encode(XmlReader reader, Stream output, ExiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var writer = new ExiWriter(output, options);
        Encode(reader, writer);
    }

    /// <summary>Encodes everything <paramref name="reader"/> yields as the next body of <paramref name="session"/>.</summary>
    public static void Encode(XmlReader reader, Stream output, ExiSession session)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var writer = new ExiWriter(output, session);
        Encode(reader, writer);
    }

    private static void Encode(XmlReader reader, ExiWriter writer)
    {
        var text = new StringBuilder();
        int depth = 0;
        bool textIsSimple = false;
        bool keepWhitespace = false;
        ExiOptions effective = writer.Options;
        writer.WriteStartDocument();
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    if (depth > 0)
                    {
                        // Whitespace outside the root element is not content (XML 1.0 §2.10).
                        text.Append(reader.Value);
                        keepWhitespace = effective.PreserveLexicalValues || reader.XmlSpace == XmlSpace.Preserve;
                    }

                    continue;
                default:
                    break;
            }

            bool closesSimple = textIsSimple && reader.NodeType is XmlNodeType.EndElement or XmlNodeType.Comment or XmlNodeType.ProcessingInstruction;
            FlushText(writer, text, closesSimple, keepWhitespace);
            textIsSimple = reader.NodeType == XmlNodeType.Element && !reader.IsEmptyElement;
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    depth += reader.IsEmptyElement ? 0 : 1;
                    WriteElement(reader, writer);
                    break;
                case XmlNodeType.EndElement:
                    depth--;
                    writer.WriteEndElement();
                    break;
                case XmlNodeType.Comment:
                    writer.WriteComment(reader.Value);
                    break;
                case XmlNodeType.ProcessingInstruction:
                    writer.WriteProcessingInstruction(reader.Name, reader.Value);
                    break;
                case XmlNodeType.DocumentType:
                    writer.WriteDocType(reader.Name, reader.GetAttribute("PUBLIC") ?? string.Empty, reader.GetAttribute("SYSTEM") ?? string.Empty, reader.Value);
                    break;
                case XmlNodeType.EntityReference:
                    writer.WriteEntityReference(reader.Name);
                    break;
                default:
                    break;
            }
        }

        FlushText(writer, text, onlyContent: true, keepWhitespace: true);
        writer.WriteEndDocument();
    }

    /// <summary>Encodes an XML text to EXI bytes.</summary>
    public static byte[] EncodeXml(string xml, ExiOptions? options = null)
    {
        using var output = new MemoryStream();
        using (XmlReader reader = CreateReader(new StringReader(xml), options))
        {
            Encode(reader, output, options);
        }

        return output.ToArray();
    }

    /// <summary>Decodes an EXI stream into <paramref name="writer"/>; returns the options it was decoded with.</summary>
    public static ExiOptions Decode(Stream input, XmlWriter writer, ExiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var reader = new ExiReader(input, options);
        return Decode(reader, writer);
    }

    /// <summary>Decodes the next body of <paramref name="session"/> into <paramref name="writer"/>.</summary>
    public static void Decode(Stream input, XmlWriter writer, ExiSession session)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var reader = new ExiReader(input, session);
        Decode(reader, writer);
    }

    private static ExiOptions Decode(ExiReader reader, XmlWriter writer)
    {
        try
        {
            while (reader.Read())
            {
                WriteEvent(writer, reader.Current!);
            }

            // The writer may defer a start tag's attributes and declarations until here.
            writer.Flush();
        }
        catch (Exception ex) when (ex is XmlException or ArgumentException or InvalidOperationException)
        {
            throw new ExiException($"The decoded event cannot be written as XML: {ex.Message}", reader.BitPosition, ex);
        }

        return reader.Options;
    }

    private static void WriteEvent(XmlWriter writer, ExiEvent e)
    {
        switch (e.Type)
        {
            case ExiEventType.StartElement:
                writer.WriteStartElement(e.Prefix ?? string.Empty, e.LocalName, e.NamespaceUri);
                break;
            case ExiEventType.NamespaceDeclaration:
                if (e.Prefix!.Length == 0)
                {
                    writer.WriteAttributeString("xmlns", e.NamespaceUri);
                }
                else
                {
                    writer.WriteAttributeString("xmlns", e.Prefix, ExiConstants.XmlnsNamespace, e.NamespaceUri);
                }

                break;
            case ExiEventType.Attribute when e.TypeNamespaceUri is not null:
                WriteTypeAttribute(writer, e);
                break;
            case ExiEventType.Attribute:
                if (e.Prefix is null)
                {
                    writer.WriteAttributeString(e.LocalName, e.NamespaceUri, e.Value);
                }
                else
                {
                    writer.WriteAttributeString(e.Prefix, e.LocalName, e.NamespaceUri, e.Value);
                }

                break;
            case ExiEventType.Characters:
                writer.WriteString(e.Value);
                break;
            case ExiEventType.EndElement:
                writer.WriteFullEndElement();
                break;
            case ExiEventType.Comment:
                writer.WriteComment(e.Value);
                break;
            case ExiEventType.ProcessingInstruction:
                writer.WriteProcessingInstruction(e.Name, e.Value);
                break;
            case ExiEventType.DocType:
                writer.WriteDocType(e.Name, NullIfEmpty(e.PublicId), NullIfEmpty(e.SystemId), NullIfEmpty(e.Value));
                break;
            case ExiEventType.EntityReference:
                writer.WriteEntityRef(e.Name);
                break;
            default:
                break;
        }
    }

    /// <summary>Decodes EXI bytes to XML text (no XML declaration).</summary>
    public static string DecodeToXml(ReadOnlySpan<byte> exi, ExiOptions? options = null) =>
        DecodeToXml(exi, (input, writer) => Decode(input, writer, options));

    /// <summary>Decodes the next body of <paramref name="session"/> to XML text (no XML declaration).</summary>
    public static string DecodeToXml(ReadOnlySpan<byte> exi, ExiSession session) =>
        DecodeToXml(exi, (input, writer) => Decode(input, writer, session));

    /// <summary>Encodes an XML text as the next body of <paramref name="session"/>.</summary>
    public static byte[] EncodeXml(string xml, ExiSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var output = new MemoryStream();
        using (XmlReader reader = CreateReader(new StringReader(xml), session.Options))
        {
            Encode(reader, output, session);
        }

        return output.ToArray();
    }

    private static string DecodeToXml(ReadOnlySpan<byte> exi, Action<Stream, XmlWriter> decode)
    {
        using var input = new MemoryStream(exi.ToArray(), writable: false);
        var text = new StringBuilder();
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            ConformanceLevel = ConformanceLevel.Auto, // the header, not the caller, may say "fragment"
        };
        var writer = XmlWriter.Create(text, settings);
        try
        {
            decode(input, writer);
            writer.Dispose();
        }
        catch (Exception ex) when (ex is XmlException or ArgumentException or InvalidOperationException)
        {
            throw new ExiException($"The decoded document cannot be written as XML: {ex.Message}", ex);
        }

        return text.ToString();
    }

    /// <summary>An <see cref="XmlReader"/> set up as the encoder expects (DTD kept only when preserved).</summary>
    public static XmlReader CreateReader(TextReader text, ExiOptions? options = null)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = options?.PreserveDtd == true ? DtdProcessing.Parse : DtdProcessing.Prohibit,
            ConformanceLevel = options?.Fragment == true ? ConformanceLevel.Fragment : ConformanceLevel.Document,
            XmlResolver = null,
        };
        return XmlReader.Create(text, settings);
    }

    /// <summary>
    /// Writes a start tag: namespace declarations, then xsi:type and xsi:nil, then the other attributes, in document
    /// order schema-less and sorted by local name then URI schema-informed, the order the grammars expect (§8.5.4.3,
    /// as the reference implementation orders them).
    /// </summary>
    private static void WriteElement(XmlReader reader, ExiWriter writer)
    {
        writer.WriteStartElement(reader.NamespaceURI, reader.LocalName, reader.Prefix);
        bool empty = reader.IsEmptyElement;
        if (reader.MoveToFirstAttribute())
        {
            List<(string Uri, string LocalName, string Value, string Prefix)>? attributes = null;
            (string Uri, string LocalName, string Value, string Prefix)? xsiType = null;
            (string Uri, string LocalName, string Value, string Prefix)? xsiNil = null;
            do
            {
                if (reader.NamespaceURI == ExiConstants.XmlnsNamespace)
                {
                    writer.WriteNamespace(reader.Value, reader.Prefix.Length == 0 ? string.Empty : reader.LocalName);
                    continue;
                }

                var attribute = (reader.NamespaceURI, reader.LocalName, reader.Value, reader.Prefix);
                if (reader.NamespaceURI == ExiConstants.XsiNamespace && reader.LocalName == "type")
                {
                    xsiType = attribute;
                }
                else if (reader.NamespaceURI == ExiConstants.XsiNamespace && reader.LocalName == "nil")
                {
                    xsiNil = attribute;
                }
                else
                {
                    (attributes ??= []).Add(attribute);
                }
            }
            while (reader.MoveToNextAttribute());

            reader.MoveToElement();
            if (xsiType is { } type)
            {
                writer.WriteAttribute(type.Uri, type.LocalName, type.Value, type.Prefix);
            }

            if (xsiNil is { } nil)
            {
                writer.WriteAttribute(nil.Uri, nil.LocalName, nil.Value, nil.Prefix);
            }

            if (attributes is not null)
            {
                if (writer.Options.Schema is not null && attributes.Count > 1)
                {
                    attributes.Sort((a, b) =>
                    {
                        int byName = string.CompareOrdinal(a.LocalName, b.LocalName);
                        return byName != 0 ? byName : string.CompareOrdinal(a.Uri, b.Uri);
                    });
                }

                foreach ((string uri, string localName, string value, string prefix) in attributes)
                {
                    writer.WriteAttribute(uri, localName, value, prefix);
                }
            }
        }

        if (empty)
        {
            writer.WriteEndElement();
        }
    }

    /// <summary>
    /// Writes pending text. Without preserve.lexicalValues and outside xml:space="preserve", whitespace-only text
    /// in element content (between SE+SE, EE+SE, EE+EE) is insignificant and dropped; text that is an element's
    /// only content is kept (EXI 1.0 §4 whitespace handling as clarified by the EXI WG, and as EXIficient does).
    /// Schema-informed, the whiteSpace facet of the content's type applies first.
    /// </summary>
    private static void FlushText(ExiWriter writer, StringBuilder text, bool onlyContent, bool keepWhitespace)
    {
        if (text.Length > 0)
        {
            writer.WriteText(text.ToString(), onlyContent, keepWhitespace);
            text.Clear();
        }
    }

    /// <summary>Writes xsi:type with a prefix bound to the type's namespace, declaring one if needed.</summary>
    private static void WriteTypeAttribute(XmlWriter writer, ExiEvent e)
    {
        string uri = e.TypeNamespaceUri!;
        string? prefix = uri.Length == 0 ? string.Empty : writer.LookupPrefix(uri);
        if (prefix is null)
        {
            prefix = "xt";
            writer.WriteAttributeString("xmlns", prefix, ExiConstants.XmlnsNamespace, uri);
        }

        string value = prefix.Length == 0 ? e.TypeLocalName! : $"{prefix}:{e.TypeLocalName}";
        writer.WriteAttributeString(e.Prefix ?? "xsi", e.LocalName, e.NamespaceUri, value);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
