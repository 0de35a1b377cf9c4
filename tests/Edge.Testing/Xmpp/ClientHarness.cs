using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nerdbank.Streams;

namespace Edge.Testing.Xmpp;

/// <summary>
/// An <see cref="XmppClient"/> wired to a <see cref="FakeXmppServer"/> over an in-memory duplex stream, TLS not
/// required (there is no certificate in memory), pings off, a fake clock. Reconnect is off unless a test turns it on.
/// </summary>
public sealed class ClientHarness : IAsyncDisposable
{
    public const string Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";
    public const string ScramSha1Only = "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms>";
    public const string Bind = "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>";
    public const string StreamManagement = "<sm xmlns='urn:xmpp:sm:3'/>";

    public static readonly XNamespace JabberClient = "jabber:client";
    public static readonly XNamespace BindNs = "urn:ietf:params:xml:ns:xmpp-bind";
    public static readonly XNamespace Sm = "urn:xmpp:sm:3";

    private int _transports;

    /// <param name="configure">Changes to the client's options.</param>
    /// <param name="wrapClientStream">Wraps the client's end of the connection (to watch its writes).</param>
    /// <param name="loggerFactory">Where the client logs (none by default).</param>
    public ClientHarness(Action<XmppClientOptions>? configure = null, Func<Stream, Stream>? wrapClientStream = null,
        ILoggerFactory? loggerFactory = null)
    {
        var (clientEnd, serverStream) = FullDuplexStream.CreatePair();
        var clientStream = wrapClientStream?.Invoke(clientEnd) ?? clientEnd;
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
        configure?.Invoke(Options);
        Server = new FakeXmppServer(serverStream);
        Client = new XmppClient(Options, loggerFactory, timeProvider: Time, transportFactory: () =>
        {
            Interlocked.Increment(ref _transports);
            return new StreamTransport(clientStream);
        });
    }

    public XmppClientOptions Options { get; }

    public FakeTimeProvider Time { get; } = new();

    public FakeXmppServer Server { get; }

    public XmppClient Client { get; }

    /// <summary>How many connections the client opened.</summary>
    public int TransportsCreated => Volatile.Read(ref _transports);

    /// <summary>
    /// Connects and logs in: SCRAM-SHA-1 against the fake's SCRAM server, bind, and (when offered) XEP-0198 enable.
    /// Returns the client's initial presence.
    /// </summary>
    public async Task<XElement> LoginAsync(CancellationToken cancellationToken, bool streamManagement = false)
    {
        var connect = Client.ConnectAsync(cancellationToken);
        var presence = await AcceptLoginAsync(Server, Options.Resource, cancellationToken, streamManagement);
        await connect;
        return presence;
    }

    /// <summary>
    /// The server's side of a login on <paramref name="server"/>: SCRAM-SHA-1 for user/pencil, bind to
    /// <paramref name="resource"/>, XEP-0198 enable when <paramref name="streamManagement"/>; returns the client's
    /// initial presence.
    /// </summary>
    public static async Task<XElement> AcceptLoginAsync(FakeXmppServer server, string resource, CancellationToken cancellationToken,
        bool streamManagement = false)
    {
        ArgumentNullException.ThrowIfNull(server);
        await server.OpenStreamAsync(ScramSha1Only, cancellationToken);
        if (!await server.AcceptScramAsync("user", "pencil", cancellationToken))
        {
            throw new InvalidOperationException("The fake server refused the client's SCRAM proof.");
        }

        await server.OpenStreamAsync(Bind + (streamManagement ? StreamManagement : string.Empty), cancellationToken);

        var bind = await server.ReadElementAsync(cancellationToken);
        Expect(BindNs + "bind", bind.Elements().Single());
        await server.SendAsync($"<iq type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + $"<jid>user@example.com/{resource}</jid></bind></iq>", cancellationToken);

        if (streamManagement)
        {
            var enable = await server.ReadElementAsync(cancellationToken);
            Expect(Sm + "enable", enable);
            await server.SendAsync("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>", cancellationToken);
        }

        var presence = await server.ReadElementAsync(cancellationToken);
        Expect(JabberClient + "presence", presence);
        return presence;
    }

    private static void Expect(XName name, XElement element)
    {
        if (element.Name != name)
        {
            throw new InvalidOperationException($"Expected {name} from the client, got {element}.");
        }
    }

    /// <summary>
    /// Disposes the client; when it is connected, the server answers its closing <c>&lt;/stream:stream&gt;</c> with its
    /// own, as a real server does, so the graceful close completes at once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Client.State == XmppClientState.Connected)
        {
            await Server.AnswerCloseAsync(Client.DisposeAsync().AsTask());
            await Server.DisposeAsync();
            return;
        }

        await Server.DisposeAsync();
        await Client.DisposeAsync();
    }
}
