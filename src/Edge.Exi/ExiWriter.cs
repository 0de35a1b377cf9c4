using Edge.Exi.Internal;

namespace Edge.Exi;

/// <summary>
/// Writes an EXI stream from a sequence of events (the streaming encoder). Call <see cref="WriteStartDocument"/>,
/// the element events, then <see cref="WriteEndDocument"/>, which completes the stream. Nothing is buffered beyond
/// a few kilobytes, except with (pre-)compression, where one block of values is held until it is complete.
/// </summary>
public sealed partial class ExiWriter : IDisposable
{
    private const int DrainThreshold = 8192;
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly BitOutput _structure;
    private readonly BodyEncoder _body;
    private readonly ExiSession? _session;
    private bool _disposed;

    public ExiWriter(Stream output, ExiOptions? options = null, bool leaveOpen = true)
        : this(output, (options ?? new ExiOptions()).Clone(), null, leaveOpen)
    {
    }

    /// <summary>
    /// Writes the next body of <paramref name="session"/>, with its options, starting from the string tables and
    /// grammars the session's earlier bodies left (XEP-0322 <c>sessionWideBuffers</c>).
    /// </summary>
    public ExiWriter(Stream output, ExiSession session, bool leaveOpen = true)
        : this(output, session?.Options!, session, leaveOpen)
    {
    }

    private ExiWriter(Stream output, ExiOptions options, ExiSession? session, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Options.Validate();
        _output = output;
        _leaveOpen = leaveOpen;
        _structure = new BitOutput(byteAligned: false, 1024);
        Header.Write(_structure, Options);
        _structure.ByteAligned = Options.IsByteAligned;
        session?.BeginBody();
        _session = session;
        _body = new BodyEncoder(Options, _structure, session);
        if (Options.IsChanneled)
        {
            StartChanneled();
        }
    }

    /// <summary>Gets the options the stream is written with.</summary>
    public ExiOptions Options { get; }

    public void WriteStartDocument() => _body.StartDocument();

    /// <summary>Writes ED and completes the stream (padding, last block, flush).</summary>
    public void WriteEndDocument()
    {
        _body.EndDocument();
        _session?.EndBody();
        if (Options.IsChanneled)
        {
            FinishBlock(last: true);
        }
        else
        {
            _structure.Align();
            _structure.DrainTo(_output);
        }

        _output.Flush();
    }

    public void WriteStartElement(string namespaceUri, string localName, string? prefix = null)
    {
        _body.StartElement(namespaceUri ?? string.Empty, localName, prefix);
        Drain();
    }

    /// <summary>Writes an NS event (kept only when prefixes are preserved); it must follow its start element.</summary>
    public void WriteNamespace(string namespaceUri, string prefix) => _body.NamespaceDeclaration(namespaceUri ?? string.Empty, prefix ?? string.Empty);

    public void WriteAttribute(string namespaceUri, string localName, string value, string? prefix = null)
    {
        _body.Attribute(namespaceUri ?? string.Empty, localName, prefix, value);
        AfterValue();
    }

    public void WriteCharacters(string value)
    {
        _body.Characters(value);
        AfterValue();
    }

    /// <summary>
    /// Character content read from XML, with the whitespace rules of an XML source: a schema type's whiteSpace facet,
    /// and insignificant whitespace dropped (see <see cref="ExiCodec.Encode(System.Xml.XmlReader, Stream, ExiOptions)"/>).
    /// </summary>
    internal void WriteText(string text, bool onlyContent, bool preserve)
    {
        _body.Text(text, onlyContent, preserve);
        AfterValue();
    }

    public void WriteEndElement()
    {
        _body.EndElement();
        Drain();
    }

    public void WriteComment(string text) => _body.Comment(text);

    public void WriteProcessingInstruction(string target, string data) => _body.ProcessingInstruction(target, data);

    public void WriteDocType(string name, string publicId, string systemId, string text) => _body.DocType(name, publicId, systemId, text);

    public void WriteEntityReference(string name) => _body.EntityReference(name);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session?.AbandonBody();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    private void AfterValue()
    {
        if (Options.IsChanneled)
        {
            if (_body.Channels!.IsBlockFull)
            {
                FinishBlock(last: false);
            }
        }
        else
        {
            Drain();
        }
    }

    private void Drain()
    {
        if (!Options.IsChanneled && _structure.Length >= DrainThreshold)
        {
            _structure.DrainTo(_output);
        }
    }
}
