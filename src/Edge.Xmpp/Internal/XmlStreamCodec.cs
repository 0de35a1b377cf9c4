using System.Buffers;
using System.Security;
using System.Text;
using System.Xml.Linq;

namespace Edge.Xmpp.Internal;

/// <summary>The XML stream of RFC 6120: <see cref="StreamFramer"/> reads, <see cref="StanzaWriter"/> writes.</summary>
internal sealed class XmlStreamCodec(int maxStanzaBytes) : IStreamCodec
{
    private readonly StreamFramer _framer = new(maxStanzaBytes);
    private XmlStanzaWriter? _writer; // one per stream, reused for every stanza that writes itself

    public string DefaultNamespace => _framer.DefaultNamespace;

    public bool HasBufferedFrame => false;

    public void Reset() => _framer.Reset();

    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameKind kind, out XElement? element) =>
        _framer.TryReadFrame(ref buffer, out kind, out element);

    public void WriteStreamHeader(StreamHeader header, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(header);
        var text = new StringBuilder("<?xml version='1.0'?><stream:stream xmlns='")
            .Append(SecurityElement.Escape(header.DefaultNamespace))
            .Append("' xmlns:stream='http://etherx.jabber.org/streams' version='").Append(SecurityElement.Escape(header.Version))
            .Append("' xml:lang='").Append(SecurityElement.Escape(header.Lang)).Append('\'');
        Attribute(text, "id", header.Id);
        Attribute(text, "to", header.To);
        Attribute(text, "from", header.From);
        WriteText(text.Append('>').ToString(), output);
    }

    public void WriteElement(XElement element, IBufferWriter<byte> output) => StanzaWriter.Write(element, output, _framer.DefaultNamespace);

    /// <summary>Writes a queued stanza straight into the buffer: a tree through <see cref="StanzaWriter"/>, the rest write themselves.</summary>
    public void Write(OutgoingStanza stanza, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        if (_writer is null || _writer.StreamNamespace != _framer.DefaultNamespace)
        {
            _writer = new XmlStanzaWriter(output, _framer.DefaultNamespace);
        }

        _writer.Reset(output);
        stanza.WriteTo(_writer);
        _writer.EnsureComplete();
    }

    public void WriteStreamEnd(IBufferWriter<byte> output) => WriteText("</stream:stream>", output);

    public static void WriteText(string xml, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(xml.Length));
        output.Advance(Encoding.UTF8.GetBytes(xml, span));
    }

    private static void Attribute(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(' ').Append(name).Append("='").Append(SecurityElement.Escape(value)).Append('\'');
        }
    }
}
