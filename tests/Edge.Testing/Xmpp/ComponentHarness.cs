using System.Threading.Channels;
using System.Xml.Linq;
using Edge.Xmpp.Component;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Time.Testing;
using Nerdbank.Streams;

namespace Edge.Testing.Xmpp;

/// <summary>
/// An <see cref="XmppComponent"/> wired to <see cref="FakeXmppServer"/>s over in-memory duplex streams (a fresh one per
/// connection attempt, so reconnects can be scripted), with a fake clock. The server side speaks XEP-0114.
/// </summary>
public sealed class ComponentHarness : IAsyncDisposable
{
    public const string Domain = "registry.example.com";
    public const string Secret = "s3cr3t";
    public const string StreamId = "3BF96D32";

    public static readonly XNamespace Accept = "jabber:component:accept";

    private readonly Channel<FakeXmppServer> _servers = Channel.CreateUnbounded<FakeXmppServer>();
    private readonly List<FakeXmppServer> _all = [];

    public ComponentHarness(Action<XmppComponentOptions>? configure = null)
    {
        Options = new XmppComponentOptions
        {
            Domain = Domain,
            Secret = Secret,
            Host = "127.0.0.1",
            Port = 5347,
            IqTimeout = TimeSpan.FromSeconds(30),
            AutoReconnect = false,
            Name = "Test registry",
        };
        configure?.Invoke(Options);
        Component = new XmppComponent(Options, timeProvider: Time, transportFactory: () =>
        {
            var (componentStream, serverStream) = FullDuplexStream.CreatePair();
            var server = new FakeXmppServer(serverStream, "localhost");
            lock (_all)
            {
                _all.Add(server);
            }

            _servers.Writer.TryWrite(server);
            return new StreamTransport(componentStream);
        });
    }

    public XmppComponentOptions Options { get; }

    public FakeTimeProvider Time { get; } = new();

    public XmppComponent Component { get; }

    /// <summary>The server end of the latest connection.</summary>
    public FakeXmppServer Server { get; private set; } = null!;

    /// <summary>The server's stream header for the accept method (XEP-0114 §3, example 2).</summary>
    public static string ServerHeader(string streamId = StreamId) =>
        "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:component:accept' from='" + Domain
        + "' id='" + streamId + "'>";

    /// <summary>Waits for the component's next connection attempt and returns its server end.</summary>
    public async Task<FakeXmppServer> NextServerAsync(CancellationToken cancellationToken)
    {
        Server = await _servers.Reader.ReadAsync(cancellationToken);
        return Server;
    }

    /// <summary>Connects the component and accepts its handshake with the right secret.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var connect = Component.ConnectAsync(cancellationToken);
        await AcceptAsync(await NextServerAsync(cancellationToken), cancellationToken);
        await connect;
    }

    /// <summary>
    /// The server's side of XEP-0114 §3 on <paramref name="server"/>: reads the header, answers with a stream id, checks
    /// the handshake against SHA-1(id + secret) and sends the empty <c>&lt;handshake/&gt;</c>.
    /// </summary>
    public static async Task AcceptAsync(FakeXmppServer server, CancellationToken cancellationToken, string streamId = StreamId)
    {
        ArgumentNullException.ThrowIfNull(server);
        await server.ExpectStreamHeaderAsync(cancellationToken);
        await server.SendAsync(ServerHeader(streamId), cancellationToken);
        var handshake = await server.ReadElementAsync(cancellationToken);
#pragma warning disable CA5350 // XEP-0114 §3 defines the handshake as SHA-1.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(streamId + Secret)));
#pragma warning restore CA5350
        if (handshake.Name.LocalName != "handshake" || handshake.Value != expected)
        {
            throw new InvalidOperationException($"Expected <handshake>{expected}</handshake>, got {handshake}.");
        }

        await server.SendAsync("<handshake/>", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Component.IsConnected && Server is not null)
        {
            await Server.AnswerCloseAsync(Component.DisposeAsync().AsTask());
        }
        else
        {
            await Component.DisposeAsync();
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
