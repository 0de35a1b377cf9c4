using System.Threading.Channels;
using System.Xml.Linq;
using Edge.Agent.Provisioning;
using Edge.Agent.Tests.Hosting;
using Edge.Testing.Xmpp;
using Edge.Xmpp;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nerdbank.Streams;

namespace Edge.Agent.Tests.Provisioning;

/// <summary>
/// The first-boot flow against a fake server, one test per point a power cut can leave the device at: nothing on the
/// server yet (fresh file), the account made but the file still pending, the file pending and no account, the name
/// taken by someone else. Each connection the agent opens (registration or login) gets a fake server of its own.
/// </summary>
[TestClass]
public sealed class FirstBootTests
{
    private static readonly XNamespace Register = "jabber:iq:register";

    [TestMethod]
    [Timeout(10_000)]
    public async Task CompleteAsync_FreshFile_RegistersWithStoredPasswordMarksRegisteredThenLogsIn()
    {
        await using var rig = new Rig();
        var firstBoot = rig.Prepare();
        Assert.IsTrue(firstBoot.CreatedNow);

        var run = rig.CompleteAsync(firstBoot);
        var registration = await rig.NextServerAsync();
        var password = await AcceptRegistrationAsync(registration, "<iq type='result' id='reg1'/>");
        Assert.AreEqual(StoredPassword(rig), password, "the password registered is the one stored before the wire");
        var login = await rig.NextServerAsync();
        Assert.AreEqual("registered", StoredState(rig), "registered is written before the login");
        await AcceptLoginAsync(login, password);

        Assert.IsTrue(await run);
        Assert.AreEqual(2, rig.Connections);
        rig.AssertLogged("First boot: creating account user@example.com on example.com via example.com:5222");
        rig.AssertLogged("First boot: account user@example.com created");
        rig.AssertPasswordNeverLogged(password);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task CompleteAsync_PendingAndAccountAlreadyCreated_LogsInWithoutRegisteringAndMarksRegistered()
    {
        await using var rig = new Rig();
        rig.WriteCredentials("pending", "stored-secret");
        var firstBoot = rig.Prepare();
        Assert.IsFalse(firstBoot.CreatedNow);

        var run = rig.CompleteAsync(firstBoot);
        await AcceptLoginAsync(await rig.NextServerAsync(), "stored-secret");

        Assert.IsTrue(await run);
        Assert.AreEqual(1, rig.Connections, "no registration");
        Assert.AreEqual("registered", StoredState(rig));
        rig.AssertPasswordNeverLogged("stored-secret");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task CompleteAsync_PendingAndNoAccount_RegistersSameNameAndPasswordThenLogsIn()
    {
        await using var rig = new Rig();
        rig.WriteCredentials("pending", "stored-secret");
        var firstBoot = rig.Prepare();

        var run = rig.CompleteAsync(firstBoot);
        await RefuseLoginAsync(await rig.NextServerAsync());
        var password = await AcceptRegistrationAsync(await rig.NextServerAsync(), "<iq type='result' id='reg1'/>");
        await AcceptLoginAsync(await rig.NextServerAsync(), "stored-secret");

        Assert.IsTrue(await run);
        Assert.AreEqual("stored-secret", password);
        Assert.AreEqual("registered", StoredState(rig));
        rig.AssertLogged("First boot: the server does not accept the stored credentials of user@example.com");
        rig.AssertPasswordNeverLogged("stored-secret");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task CompleteAsync_PendingAndNameTakenByAnother_StopsCriticalNoSecondAccountFileKept()
    {
        await using var rig = new Rig();
        rig.WriteCredentials("pending", "stored-secret");
        var firstBoot = rig.Prepare();

        var run = rig.CompleteAsync(firstBoot);
        await RefuseLoginAsync(await rig.NextServerAsync());
        await AcceptRegistrationAsync(await rig.NextServerAsync(),
            "<iq type='error' id='reg1'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");

        Assert.IsFalse(await run);
        Assert.AreEqual(2, rig.Connections, "neither another registration nor a login");
        Assert.AreEqual("pending", StoredState(rig));
        Assert.AreEqual("stored-secret", StoredPassword(rig), "the file is kept as it was");
        var critical = rig.Logs.Entries.Single(e => e.Level == LogLevel.Critical);
        StringAssert.Contains(critical.Message, "already exists on the server, with another password");
        rig.AssertPasswordNeverLogged("stored-secret");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task CompleteAsync_RegistrationNotAllowed_ErrorNamingTheConditionAndFalse()
    {
        await using var rig = new Rig();
        var firstBoot = rig.Prepare();

        var run = rig.CompleteAsync(firstBoot);
        await AcceptRegistrationAsync(await rig.NextServerAsync(),
            "<iq type='error' id='reg1'><error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");

        Assert.IsFalse(await run);
        Assert.AreEqual("pending", StoredState(rig));
        var error = rig.Logs.Entries.Single(e => e.Level == LogLevel.Error);
        StringAssert.Contains(error.Message, "registration of user@example.com refused by the server: cancel/not-allowed");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task CompleteAsync_RegistrationConnectionLost_RetriedAfterBackoff()
    {
        await using var rig = new Rig();
        var firstBoot = rig.Prepare();

        var run = rig.CompleteAsync(firstBoot);
        var lost = await rig.NextServerAsync();
        await lost.ExpectStreamHeaderAsync(CancellationToken.None);
        await lost.DisposeAsync();
        await rig.WaitForLogAsync("First boot: registration did not complete");
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        var password = await AcceptRegistrationAsync(await rig.NextServerAsync(), "<iq type='result' id='reg1'/>");
        await AcceptLoginAsync(await rig.NextServerAsync(), password);

        Assert.IsTrue(await run);
        Assert.AreEqual("registered", StoredState(rig));
    }

    private static string StoredState(Rig rig) => Stored(rig).State;

    private static string StoredPassword(Rig rig) => Stored(rig).Password;

    private static DeviceCredentials Stored(Rig rig)
        => DeviceCredentials.TryLoad(rig.CredentialsPath, out var c, out var reason) ? c! : throw new AssertFailedException(reason);

    /// <summary>Server side of XEP-0077: the stream, the client's register set (returns its password), then <paramref name="answer"/>.</summary>
    private static async Task<string> AcceptRegistrationAsync(FakeXmppServer server, string answer)
    {
        await server.OpenStreamAsync(string.Empty, CancellationToken.None);
        var iq = await server.ReadElementAsync(CancellationToken.None);
        var query = iq.Element(Register + "query") ?? throw new AssertFailedException("Expected a jabber:iq:register query, got " + iq);
        Assert.AreEqual("set", (string?)iq.Attribute("type"));
        Assert.AreEqual("user", query.Element(Register + "username")?.Value);
        await server.SendAsync(answer, CancellationToken.None);
        return query.Element(Register + "password")!.Value;
    }

    /// <summary>The server does not know the account (or knows it with another password): SASL not-authorized.</summary>
    private static async Task RefuseLoginAsync(FakeXmppServer server)
    {
        await server.OpenStreamAsync(ClientHarness.ScramSha1Only, CancellationToken.None);
        Assert.IsFalse(await server.AcceptScramAsync("user", "not-the-stored-password", CancellationToken.None));
    }

    private static async Task AcceptLoginAsync(FakeXmppServer server, string password)
    {
        await server.OpenStreamAsync(ClientHarness.ScramSha1Only, CancellationToken.None);
        Assert.IsTrue(await server.AcceptScramAsync("user", password, CancellationToken.None), "the client logs in with the stored password");
        await server.OpenStreamAsync(ClientHarness.Bind, CancellationToken.None);
        var bind = await server.ReadElementAsync(CancellationToken.None);
        await server.SendAsync($"<iq type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<jid>user@example.com/edge</jid></bind></iq>", CancellationToken.None);
        await server.ReadElementAsync(CancellationToken.None); // initial presence
    }

    /// <summary>A data directory, a client whose every connection (login or registration) reaches a new fake server.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly Channel<FakeXmppServer> _servers = Channel.CreateUnbounded<FakeXmppServer>();
        private readonly List<FakeXmppServer> _all = [];
        private readonly string _data = Directory.CreateTempSubdirectory("edge-firstboot-").FullName;
        private readonly ILoggerFactory _loggers;
        private XmppClient? _client;
        private int _connections;

        public Rig()
        {
            _loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
            Options = new XmppClientOptions
            {
                Jid = "user@example.com", Resource = "edge", PingInterval = TimeSpan.Zero, AutoReconnect = false,
                ReconnectInitialDelay = TimeSpan.FromSeconds(1),
            };
            Options.Tls.Required = false;
        }

        public XmppClientOptions Options { get; }

        public ListLoggerProvider Logs { get; } = new();

        public FakeTimeProvider Time { get; } = new();

        public string CredentialsPath => Path.Combine(_data, DeviceCredentials.FileName);

        public int Connections => Volatile.Read(ref _connections);

        public void WriteCredentials(string state, string password)
            => new DeviceCredentials { Jid = Options.Jid, Password = password, State = state }.Save(CredentialsPath);

        public FirstBoot Prepare()
        {
            var errors = new List<string>();
            var firstBoot = FirstBoot.Prepare(_data, Options.Jid, errors) ?? throw new AssertFailedException(string.Join("; ", errors));
            Options.Password = firstBoot.Credentials.Password;
            firstBoot.TransportFactory = Connect;
            return firstBoot;
        }

        public Task<bool> CompleteAsync(FirstBoot firstBoot)
        {
            _client = new XmppClient(Options, _loggers, Time, Connect);
            var logger = _loggers.CreateLogger("Edge.Agent.Hosting.XmppConnectionService");
            return Task.Run(() => firstBoot.CompleteAsync(_client, logger, Time, CancellationToken.None));
        }

        public async Task<FakeXmppServer> NextServerAsync() => await _servers.Reader.ReadAsync();

        public void AssertLogged(string text)
            => Assert.IsTrue(Logs.Entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal)),
                $"'{text}' not logged in:\n" + string.Join("\n", Logs.Entries.Select(e => e.Message)));

        public void AssertPasswordNeverLogged(string password)
        {
            foreach (var entry in Logs.Entries)
            {
                Assert.IsFalse(entry.Message.Contains(password, StringComparison.Ordinal), "The password was logged: " + entry.Message);
            }
        }

        public async Task WaitForLogAsync(string text)
        {
            while (!Logs.Entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal)))
            {
                await Task.Delay(10);
            }
        }

        internal StreamTransport Connect()
        {
            Interlocked.Increment(ref _connections);
            var (client, server) = FullDuplexStream.CreatePair();
            var fake = new FakeXmppServer(server);
            lock (_all)
            {
                _all.Add(fake);
            }

            _servers.Writer.TryWrite(fake);
            return new StreamTransport(client);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var server in _all)
            {
                await server.DisposeAsync();
            }

            if (_client is not null)
            {
                await _client.DisposeAsync();
            }

            _loggers.Dispose();
            Directory.Delete(_data, recursive: true);
        }
    }
}
