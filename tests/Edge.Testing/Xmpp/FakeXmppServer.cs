using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Edge.Exi;

namespace Edge.Testing.Xmpp;

/// <summary>
/// The server end of an in-memory XMPP connection, driven by a test script: the test reads what the client sent
/// (<see cref="ReadElementAsync"/>) and writes literal server XML (<see cref="SendAsync"/>). No sockets, no timers:
/// every step waits on the other side's bytes, so a transcript test runs in lock step with the client.
/// </summary>
public sealed class FakeXmppServer : IAsyncDisposable
{
    public static readonly XNamespace Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";

    private readonly Stream _stream;
    private readonly ClientStreamScanner _scanner = new();
    private ClientExiScanner? _exi;
    private ExiSession? _sendSession;
    private bool _exiOnly;
    private readonly byte[] _readBuffer = new byte[4096];
    private int _streams;
    private bool _closed;

    public FakeXmppServer(Stream stream, string domain = "example.com")
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        Domain = domain;
    }

    public string Domain { get; }

    /// <summary>Everything the client sent, frame by frame, for failure messages.</summary>
    public IList<FakeFrame> Transcript { get; } = [];

    /// <summary>The server's stream header (a fresh id each time a stream is opened).</summary>
    public string StreamHeader => "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
        + $" id='fake-{_streams.ToString(CultureInfo.InvariantCulture)}' from='{Domain}' version='1.0' xml:lang='en'>";

    /// <summary>Gets how many bytes the client sent so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Gets the EXI body options in force once <see cref="StartExi"/> switched the stream to EXI, else null.</summary>
    public ExiOptions? ExiOptions => _exi?.Options;

    /// <summary>
    /// From now on the stream is EXI (XEP-0322 after &lt;compressed/&gt;): the client's bytes are read as bare EXI bodies
    /// and <see cref="SendExiAsync"/> writes them, both with Edge.Exi alone and these options (a header is never used).
    /// </summary>
    /// <remarks>
    /// With <paramref name="sessionWideBuffers"/> (XEP-0322 §3) the bodies each way share one session's string tables,
    /// started over at each stream (re)start as the client does.
    /// </remarks>
    public void StartExi(ExiOptions options, bool sessionWideBuffers = false, bool exiOnlyBinding = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bodies = options.Clone();
        bodies.OmitHeader = true;
        _exi = new ClientExiScanner(bodies, sessionWideBuffers ? new ExiSession(bodies) : null) { HeaderNext = exiOnlyBinding };
        _sendSession = sessionWideBuffers ? new ExiSession(bodies) : null;
        _exiOnly = exiOnlyBinding;
    }

    /// <summary>
    /// XEP-0322 §2.4, the EXI-only binding from the first byte: the default options (§2.4.3: bit-packed, strict,
    /// valueMaxLength and valuePartitionCapacity 64) and the default schema (§3.14); each streamStart, either way,
    /// after the '$EXI' cookie and an EXI header without options.
    /// </summary>
    public void StartExiOnlyBinding() => StartExi(ExiOnlyDefaults, exiOnlyBinding: true);

    /// <summary>The EXI options of XEP-0322 §2.4.3 with its default schema (§3.14), as Edge.Exi alone spells them (bodies: no header).</summary>
    public static ExiOptions ExiOnlyDefaults => new() { Schema = ExiSchema.XmppExiDefault, Strict = true, ValueMaxLength = 64, ValuePartitionCapacity = 64, OmitHeader = true };

    /// <summary>Encodes one element (literal XML) as an EXI body and writes it to the client.</summary>
    public Task SendExiAsync(string xml, CancellationToken cancellationToken) =>
        SendBytesAsync(_sendSession is not null ? ExiCodec.EncodeXml(xml, _sendSession)
            : ExiCodec.EncodeXml(xml, _exi?.Options ?? throw new InvalidOperationException("The stream is not EXI: call StartExi first.")), cancellationToken);

    /// <summary>
    /// On an EXI stream: the client sends its streamStart; the server answers with its own and the features (XEP-0322
    /// §3.1; the features as their own body). Returns the client's streamStart.
    /// </summary>
    public async Task<XElement> OpenExiStreamAsync(string features, CancellationToken cancellationToken)
    {
        _exi?.Session?.Reset();
        _sendSession?.Reset();
        if (_exiOnly)
        {
            _exi!.HeaderNext = true;
        }

        var header = await ExpectStreamHeaderAsync(cancellationToken);
        _streams++;
        if (_exiOnly)
        {
            var start = _exi!.Options.Clone();
            start.OmitHeader = false;
            start.IncludeCookie = true;
            await SendBytesAsync(ExiCodec.EncodeXml(ExiStreamStart, start), cancellationToken);
        }
        else
        {
            await SendExiAsync(ExiStreamStart, cancellationToken);
        }

        await SendExiAsync("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>" + features + "</stream:features>", cancellationToken);
        return header;
    }

    /// <summary>The server's streamStart (XEP-0322 §3.1), a fresh id each time a stream is opened.</summary>
    public string ExiStreamStart => $"<exi:streamStart xmlns:exi='http://jabber.org/protocol/compress/exi' id='fake-{_streams.ToString(CultureInfo.InvariantCulture)}' from='{Domain}' version='1.0' xml:lang='en'>"
        + "<exi:xmlns prefix='' namespace='jabber:client'/><exi:xmlns prefix='stream' namespace='http://etherx.jabber.org/streams'/></exi:streamStart>";

    /// <summary>The end of an EXI stream (XEP-0322 §3.2).</summary>
    public const string ExiStreamEnd = "<streamEnd xmlns='http://jabber.org/protocol/compress/exi'/>";

    /// <summary>Writes literal XML to the client.</summary>
    /// <remarks>
    /// On an EXI stream (<see cref="StartExi"/>) each first-level element of <paramref name="xml"/> goes as its own EXI
    /// body, unprefixed names in jabber:client as on the XML stream, so scripted exchanges (SCRAM, bind) run unchanged.
    /// </remarks>
    public async Task SendAsync(string xml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (_exi is not null)
        {
            foreach (var element in Fragment(xml))
            {
                using var body = new MemoryStream();
                using (var reader = element.CreateReader())
                {
                    if (_sendSession is null)
                    {
                        ExiCodec.Encode(reader, body, _exi.Options);
                    }
                    else
                    {
                        ExiCodec.Encode(reader, body, _sendSession);
                    }
                }

                await SendBytesAsync(body.ToArray(), cancellationToken);
            }

            return;
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(xml), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private static List<XElement> Fragment(string xml)
    {
        var names = new System.Xml.XmlNamespaceManager(new System.Xml.NameTable());
        names.AddNamespace(string.Empty, "jabber:client");
        names.AddNamespace("stream", "http://etherx.jabber.org/streams");
        var context = new System.Xml.XmlParserContext(null, names, null, System.Xml.XmlSpace.None);
        using var reader = System.Xml.XmlReader.Create(new StringReader(xml),
            new System.Xml.XmlReaderSettings { ConformanceLevel = System.Xml.ConformanceLevel.Fragment, DtdProcessing = System.Xml.DtdProcessing.Prohibit }, context);
        var elements = new List<XElement>();
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == System.Xml.XmlNodeType.Element)
            {
                elements.Add((XElement)XNode.ReadFrom(reader));
            }
            else
            {
                reader.Read();
            }
        }

        return elements;
    }

    /// <summary>Writes raw bytes to the client (for input that is not valid UTF-8 text).</summary>
    public async Task SendBytesAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads the next frame the client sent; <see cref="FakeFrameKind.Closed"/> once the client closed the connection.</summary>
    public async Task<FakeFrame> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_exi is null ? _scanner.TryTake(out var frame) : _exi.TryTake(out frame))
            {
                Transcript.Add(frame!);
                return frame!;
            }

            if (_closed)
            {
                return new FakeFrame(FakeFrameKind.Closed, null, _exi?.Pending ?? _scanner.Pending);
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_readBuffer, cancellationToken);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                read = 0;
            }

            if (read == 0)
            {
                _closed = true;
                if (!(_exi?.IsEmpty ?? _scanner.IsEmpty))
                {
                    throw new InvalidDataException("The client closed the connection in the middle of: " + (_exi?.Pending ?? _scanner.Pending));
                }

                continue;
            }

            BytesReceived += read;
            if (_exi is null)
            {
                _scanner.Append(_readBuffer.AsSpan(0, read));
            }
            else
            {
                _exi.Append(_readBuffer.AsSpan(0, read));
            }
        }
    }

    /// <summary>Reads the next first-level element; anything else (header, end, EOF) fails the script.</summary>
    public async Task<XElement> ReadElementAsync(CancellationToken cancellationToken)
    {
        var frame = await ReadFrameAsync(cancellationToken);
        return frame.Kind == FakeFrameKind.Element
            ? frame.Element!
            : throw new InvalidOperationException($"Expected an element from the client, got {frame.Kind}: {frame}");
    }

    /// <summary>Reads the client's stream header (after its optional XML declaration).</summary>
    public async Task<XElement> ExpectStreamHeaderAsync(CancellationToken cancellationToken)
    {
        var frame = await ReadFrameAsync(cancellationToken);
        return frame.Kind == FakeFrameKind.StreamHeader
            ? frame.Element!
            : throw new InvalidOperationException($"Expected the client's stream header, got {frame.Kind}: {frame}");
    }

    /// <summary>Client sends its header; server sends its header and <c>&lt;stream:features&gt;</c> with the given children.</summary>
    public async Task<XElement> OpenStreamAsync(string features, CancellationToken cancellationToken)
    {
        var header = await ExpectStreamHeaderAsync(cancellationToken);
        _streams++;
        await SendAsync(StreamHeader + "<stream:features>" + features + "</stream:features>", cancellationToken);
        return header;
    }

    /// <summary>
    /// Runs the server side of a SCRAM exchange: client sends <c>&lt;auth/&gt;</c>, server challenges, client responds,
    /// server sends <c>&lt;success/&gt;</c> with its signature (a wrong one when <paramref name="tamperSignature"/>), or
    /// <c>&lt;failure&gt;&lt;not-authorized/&gt;</c> when the client's proof is wrong. Returns whether the proof was right.
    /// </summary>
    public async Task<bool> AcceptScramAsync(string user, string password, CancellationToken cancellationToken, bool tamperSignature = false)
    {
        var auth = await ReadElementAsync(cancellationToken);
        var mechanism = (string?)auth.Attribute("mechanism") ?? string.Empty;
        if (auth.Name != Sasl + "auth" || !mechanism.StartsWith("SCRAM-", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Expected a SCRAM <auth/>, got: " + auth);
        }

        var scram = new ScramServer(mechanism["SCRAM-".Length..], user, password);
        var serverFirst = scram.ServerFirst(FromBase64(auth.Value));
        await SendAsync($"<challenge xmlns='{Sasl}'>{ToBase64(serverFirst)}</challenge>", cancellationToken);
        var response = await ReadElementAsync(cancellationToken);
        if (response.Name != Sasl + "response")
        {
            throw new InvalidOperationException("Expected a SASL <response/>, got: " + response);
        }

        var serverFinal = scram.ServerFinal(FromBase64(response.Value));
        if (serverFinal is null)
        {
            await SendAsync($"<failure xmlns='{Sasl}'><not-authorized/></failure>", cancellationToken);
            return false;
        }

        if (tamperSignature)
        {
            var signature = Convert.FromBase64String(serverFinal[2..]);
            signature[0] ^= 0x01;
            serverFinal = "v=" + Convert.ToBase64String(signature);
        }

        await SendAsync($"<success xmlns='{Sasl}'>{ToBase64(serverFinal)}</success>", cancellationToken);
        return true;
    }

    public static string ToBase64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string FromBase64(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));

    /// <summary>Closes the server's end: the client reads end of stream.</summary>
    /// <summary>
    /// While the other end closes gracefully (<paramref name="closing"/>): skips what it still sends until its
    /// <c>&lt;/stream:stream&gt;</c> and answers with ours, as a real server does, so the close completes at once.
    /// </summary>
    public async Task AnswerCloseAsync(Task closing)
    {
        ArgumentNullException.ThrowIfNull(closing);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            FakeFrame frame;
            do
            {
                frame = await ReadFrameAsync(limit.Token);
            }
            while (frame.Kind is not (FakeFrameKind.StreamEnd or FakeFrameKind.Closed));

            if (frame.Kind == FakeFrameKind.StreamEnd)
            {
                await (_exi is null ? SendAsync("</stream:stream>", limit.Token) : SendExiAsync(ExiStreamEnd, limit.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidDataException or InvalidOperationException)
        {
            // The peer is closing either way; its own dispose time-limits the graceful part. (InvalidOperationException:
            // a read the test left pending, e.g. after a step that timed out — whose own failure must be the one reported.)
        }

        await closing;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
