using System.Threading.Channels;
using System.Xml.Linq;
using Edge.Exi;
using Edge.Testing.Logging;
using Edge.Testing.Xmpp;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Time.Testing;
using Nerdbank.Streams;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>
/// An <see cref="XmppClient"/> with EXI wanted, wired to <see cref="FakeXmppServer"/>s (a fresh one per connection,
/// so reconnects and quick setups can be scripted), logs kept. The server's side of XEP-0322 is written out in the
/// tests as literal XML; once compressed, the fake reads and writes EXI with Edge.Exi alone.
/// </summary>
internal sealed class ExiHarness : IAsyncDisposable
{
    public const string Exi = "http://jabber.org/protocol/compress/exi";
    public const string Offer = "<compression xmlns='http://jabber.org/features/compress'><method>zlib</method><method>exi</method></compression>";
    public const string Compressed = "<compressed xmlns='http://jabber.org/protocol/compress'/>";

    private readonly Channel<FakeXmppServer> _servers = Channel.CreateUnbounded<FakeXmppServer>();
    private readonly List<FakeXmppServer> _all = [];

    public ExiHarness(Action<XmppClientOptions>? configure = null)
    {
        Options = new XmppClientOptions
        {
            Jid = "user@example.com",
            Password = "pencil",
            Resource = "meter-7",
            PingInterval = TimeSpan.Zero,
            IqTimeout = TimeSpan.FromSeconds(30),
            AutoReconnect = false,
        };
        Options.Tls.Required = false;
        Options.Exi.Mode = XmppExiMode.Prefer;
        configure?.Invoke(Options);
        Client = new XmppClient(Options, Logs, Time, () =>
        {
            var (clientStream, serverStream) = FullDuplexStream.CreatePair();
            var server = new FakeXmppServer(serverStream);
            lock (_all)
            {
                _all.Add(server);
            }

            _servers.Writer.TryWrite(server);
            return new StreamTransport(clientStream);
        });
    }

    public XmppClientOptions Options { get; }

    public FakeTimeProvider Time { get; } = new();

    public ListLoggerFactory Logs { get; } = new();

    public XmppClient Client { get; }

    /// <summary>The server end of the latest connection.</summary>
    public FakeXmppServer Server { get; private set; } = null!;

    public async Task<FakeXmppServer> NextServerAsync(CancellationToken cancellationToken)
    {
        Server = await _servers.Reader.ReadAsync(cancellationToken);
        return Server;
    }

    /// <summary>
    /// Starts <see cref="XmppClient.ConnectAsync"/> and plays the server up to the client's first <c>setup</c>: the
    /// login task, the server end and the setup.
    /// </summary>
    public async Task<(Task Connect, FakeXmppServer Server, XElement Setup)> ConnectToSetupAsync(CancellationToken cancellationToken)
    {
        var connect = Client.ConnectAsync(cancellationToken);
        var server = await NextServerAsync(cancellationToken);
        await OfferAfterSaslAsync(server, cancellationToken);
        return (connect, server, await ExpectSetupAsync(server, cancellationToken));
    }

    /// <summary>The server's side up to the offer: stream, SCRAM, the restarted stream's features with EXI offered.</summary>
    public static async Task OfferAfterSaslAsync(FakeXmppServer server, CancellationToken cancellationToken, bool offer = true)
    {
        await server.OpenStreamAsync(ClientHarness.ScramSha1Only, cancellationToken);
        if (!await server.AcceptScramAsync("user", "pencil", cancellationToken))
        {
            throw new InvalidOperationException("The fake server refused the client's SCRAM proof.");
        }

        await server.OpenStreamAsync(ClientHarness.Bind + ClientHarness.StreamManagement + (offer ? Offer : string.Empty), cancellationToken);
    }

    /// <summary>Reads the client's next element and checks it is an EXI <c>setup</c>.</summary>
    public static async Task<XElement> ExpectSetupAsync(FakeXmppServer server, CancellationToken cancellationToken)
    {
        var setup = await server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(XName.Get("setup", Exi), setup.Name, setup.ToString());
        return setup;
    }

    /// <summary>The client's schema elements, echoed as the server's <c>schema</c> list (all but <paramref name="missing"/>).</summary>
    public static string Schemas(XElement setup, params string[] missing) => string.Concat(setup.Elements(XName.Get("schema", Exi)).Select(s =>
        $"<{(missing.Contains((string?)s.Attribute("ns")) ? "missingSchema" : "schema")} ns='{(string?)s.Attribute("ns")}' bytes='{(string?)s.Attribute("bytes")}' md5Hash='{(string?)s.Attribute("md5Hash")}'/>"));

    /// <summary>Reads <c>compress</c> (method exi), answers <c>compressed</c> and switches the fake to EXI with <paramref name="options"/>.</summary>
    public static async Task CompressAsync(FakeXmppServer server, ExiOptions options, CancellationToken cancellationToken, bool sessionWideBuffers = false)
    {
        var compress = await server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(XName.Get("compress", "http://jabber.org/protocol/compress"), compress.Name, compress.ToString());
        Assert.AreEqual("exi", compress.Elements().Single().Value);
        await server.SendAsync(Compressed, cancellationToken);
        server.StartExi(options, sessionWideBuffers);
    }

    /// <summary>
    /// On the EXI stream: streamStart both ways, bind, stream management (enabled, or resumed when the client asks),
    /// and the initial presence. Returns the client's streamStart.
    /// </summary>
    public static async Task<XElement> FinishLoginAsync(FakeXmppServer server, CancellationToken cancellationToken)
    {
        var start = await server.OpenExiStreamAsync(ClientHarness.Bind + ClientHarness.StreamManagement, cancellationToken);
        var bind = await server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(ClientHarness.BindNs + "bind", bind.Elements().Single().Name, bind.ToString());
        await server.SendExiAsync($"<iq xmlns='jabber:client' type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<jid>user@example.com/meter-7</jid></bind></iq>", cancellationToken);
        var enable = await server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(ClientHarness.Sm + "enable", enable.Name);
        await server.SendExiAsync("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>", cancellationToken);
        var presence = await server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(ClientHarness.JabberClient + "presence", presence.Name);
        return start;
    }

    /// <summary>The fake's EXI options: Edge.Exi's built-in XMPP schema, not the client's schema set.</summary>
    public static ExiOptions Bodies(ExiAlignment alignment = ExiAlignment.BitPacked, bool strict = false, ExiSchema? schema = null) =>
        new() { Schema = schema ?? ExiSchema.Xmpp, Strict = strict, Alignment = alignment, OmitHeader = true };

    public async ValueTask DisposeAsync()
    {
        if (Client.State == XmppClientState.Connected && Server is not null)
        {
            await Server.AnswerCloseAsync(Client.DisposeAsync().AsTask());
        }
        else
        {
            await Client.DisposeAsync();
        }

        FakeXmppServer[] servers;
        lock (_all)
        {
            servers = [.. _all];
        }

        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}
