using System.Text;
using System.Xml;
using System.Xml.Linq;
using Edge.Exi;

namespace Edge.Testing.Xmpp;

/// <summary>
/// Splits what a client writes on an EXI/XMPP stream (XEP-0322 §7.3: bare EXI bodies back to back) into frames with
/// Edge.Exi's public decoder alone — not the client's EXI stream codec — so a test checks the client's bytes
/// against an independent reading. <c>exi:streamStart</c> is a header, <c>exi:streamEnd</c> the end. With
/// <paramref name="session"/> (sessionWideBuffers) the bodies share its string tables.
/// </summary>
internal sealed class ClientExiScanner(ExiOptions options, ExiSession? session = null)
{
    private const string ExiNamespace = "http://jabber.org/protocol/compress/exi";
    private readonly List<byte> _pending = [];

    public ExiOptions Options { get; } = options;

    public ExiSession? Session { get; } = session;

    /// <summary>
    /// Gets or sets a value indicating whether the next body starts an EXI stream of XEP-0322's EXI-only binding (§2.4):
    /// the cookie and a header before it, read on its own (no session tables).
    /// </summary>
    public bool HeaderNext { get; set; }

    public bool IsEmpty => _pending.Count == 0;

    public string Pending => Convert.ToHexString([.. _pending]);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _pending.Add(b);
        }
    }

    public bool TryTake(out FakeFrame? frame)
    {
        frame = null;
        if (_pending.Count == 0)
        {
            return false;
        }

        var input = new OneByteStream([.. _pending]);
        var text = new StringBuilder();
        try
        {
            using var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true });
            if (HeaderNext)
            {
                var withHeader = Options.Clone();
                withHeader.OmitHeader = false;
                ExiCodec.Decode(input, writer, withHeader);
            }
            else if (Session is null)
            {
                ExiCodec.Decode(input, writer, Options);
            }
            else
            {
                ExiCodec.Decode(input, writer, Session);
            }
        }
        catch (ExiException) when (input.HitEnd)
        {
            return false; // the rest of the body has not arrived
        }

        HeaderNext = false;
        var body = _pending.GetRange(0, input.Taken).ToArray();
        _pending.RemoveRange(0, input.Taken);
        var element = XElement.Parse(text.ToString());
        var kind = element.Name == XName.Get("streamStart", ExiNamespace) ? FakeFrameKind.StreamHeader
            : element.Name == XName.Get("streamEnd", ExiNamespace) ? FakeFrameKind.StreamEnd
            : FakeFrameKind.Element;
        frame = new FakeFrame(kind, kind == FakeFrameKind.StreamEnd ? null : element, text.ToString()) { Exi = body };
        return true;
    }

    /// <summary>Serves one byte per read, so the decoder takes exactly the body's bytes (and says when it ran out).</summary>
    private sealed class OneByteStream(byte[] bytes) : Stream
    {
        public int Taken { get; private set; }

        public bool HitEnd { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position { get => Taken; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (count == 0)
            {
                return 0;
            }

            if (Taken == bytes.Length)
            {
                HitEnd = true;
                return 0;
            }

            buffer[offset] = bytes[Taken++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
