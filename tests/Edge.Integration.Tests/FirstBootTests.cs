using System.Globalization;
using System.Text.Json.Nodes;
using Edge.Agent.Hosting;
using Edge.Agent.Publishing;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.Register;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Integration.Tests;

/// <summary>
/// First boot against the fixture's real server (Prosody or ejabberd, both allow XEP-0077 from loopback): a fresh
/// account name and no password configured. The agent publishes to PEP on its own JID: a new account is no admin of
/// the fixture's pubsub service.
/// </summary>
[TestClass]
public sealed class FirstBootTests
{
    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_NoPasswordConfigured_RegistersLogsInPublishesAndRestartKeepsTheAccount()
    {
        using var rig = new Rig();
        var logs = new Captured();

        using (var host = rig.Build())
        {
            host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
            await host.StartAsync();
            var client = host.Services.GetRequiredService<XmppClient>();
            await client.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            var publisher = host.Services.GetRequiredService<PublisherService>();
            await Clients.WaitUntilAsync(() => publisher.PublishedCount > 3, TimeSpan.FromSeconds(30), "the first publishes");
            Assert.AreEqual(rig.User, client.BoundJid!.Local);
            await host.StopAsync();
        }

        var (password, state) = rig.Stored();
        Assert.AreEqual("registered", state);
        var text = logs.Text;
        StringAssert.Contains(text, $"First boot: account {rig.Jid} created");
        Assert.IsFalse(text.Contains(password, StringComparison.Ordinal), "The generated password was logged.");

        // Restart: the same account from the file, no registration (a second one would answer conflict and stop the agent).
        using (var again = rig.Build())
        {
            var client = again.Services.GetRequiredService<XmppClient>();
            Assert.AreEqual(password, client.Options.Password);
            await again.StartAsync();
            await client.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.AreEqual(1, client.SessionCount);
            await again.StopAsync();
        }

        Assert.AreEqual((password, "registered"), rig.Stored());
        await using var check = new XmppClient(Clients.Options(rig.Jid, password, "check"));
        await check.ConnectAsync(CancellationToken.None);
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_PendingFileAndAccountAlreadyCreated_LogsInWithItAndMarksRegistered()
    {
        using var rig = new Rig();
        // Power lost after the server created the account, before "registered" reached the disk.
        Assert.IsNull(await InBandRegistration.RegisterAsync(Clients.Options(rig.Jid, "made-before-the-cut", "edge"), CancellationToken.None));
        rig.WriteFile("made-before-the-cut", "pending");

        using var host = rig.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<XmppClient>();
        await client.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await Clients.WaitUntilAsync(() => rig.Stored().State == "registered", TimeSpan.FromSeconds(10), "the file marked registered");
        await host.StopAsync();

        Assert.AreEqual(("made-before-the-cut", "registered"), rig.Stored());
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_PendingFileAndNoAccount_RegistersWithTheStoredPassword()
    {
        using var rig = new Rig();
        // Power lost after the file was written, before the registration reached the server.
        rig.WriteFile("written-before-the-cut", "pending");

        using var host = rig.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<XmppClient>();
        await client.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.AreEqual(("written-before-the-cut", "registered"), rig.Stored());
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_PendingFileAndNameTakenWithAnotherPassword_Exit3FileKept()
    {
        using var rig = new Rig();
        Assert.IsNull(await InBandRegistration.RegisterAsync(Clients.Options(rig.Jid, "someone-elses", "edge"), CancellationToken.None));
        rig.WriteFile("ours", "pending");
        Environment.ExitCode = 0;
        try
        {
            using var host = rig.Build();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            var code = await AgentRun.RunAsync(host, limit.Token);

            Assert.AreEqual(XmppConnectionService.FatalExitCode, code);
        }
        finally
        {
            Environment.ExitCode = 0;
        }

        Assert.AreEqual(("ours", "pending"), rig.Stored());
        await using var owner = new XmppClient(Clients.Options(rig.Jid, "someone-elses", "check"));
        await owner.ConnectAsync(CancellationToken.None); // the other account is untouched
    }

    /// <summary>Every log line of the host, with its exception, for the password check.</summary>
    private sealed class Captured : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public string Text => string.Join("\n", _lines);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => _lines.Enqueue(formatter(state, exception) + " " + exception);

        public void Dispose()
        {
        }
    }

    /// <summary>A fresh account name, a data directory, the agent's settings without any password.</summary>
    private sealed class Rig : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("edge-firstboot-it-").FullName;

        public string User { get; } = "fb-" + Guid.NewGuid().ToString("N")[..10];

        public string Jid => $"{User}@{Server.Xmpp.Domain}";

        private string DataDirectory => Path.Combine(_directory, "data");

        private string FilePath => Path.Combine(DataDirectory, "credentials.json");

        public ServiceHost Build()
        {
            var server = Server.Xmpp;
            var overrides = new Dictionary<string, string?>
            {
                ["Xmpp:Jid"] = Jid,
                ["Xmpp:Password"] = null,
                ["Xmpp:Resource"] = "first-boot",
                ["Xmpp:Host"] = server.Host,
                ["Xmpp:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
                ["Xmpp:Tls:CaFile"] = server.CaFile,
                ["Xmpp:ReconnectInitialDelay"] = "00:00:00.200",
                ["Xmpp:ReconnectMaxDelay"] = "00:00:02",
                ["Xmpp:IqTimeout"] = "00:00:05",
                ["Agent:HardwareProfile"] = Path.Combine(RepositoryPaths.Root, "hardware", "profiles", "sim.json"),
                ["Agent:DataDirectory"] = DataDirectory,
                ["Agent:SampleInterval"] = "00:00:00.500",
                ["Agent:PubSub:Service"] = string.Empty, // PEP
                ["Agent:PubSub:NodePrefix"] = "fb/",
            };
            return AgentHost.Build(null, overrides, out var errors) ?? throw new AssertFailedException(string.Join("; ", errors));
        }

        public void WriteFile(string password, string state)
        {
            Directory.CreateDirectory(DataDirectory);
            File.WriteAllText(FilePath, new JsonObject { ["jid"] = Jid, ["password"] = password, ["state"] = state }.ToJsonString());
        }

        public (string Password, string State) Stored()
        {
            var json = JsonNode.Parse(File.ReadAllText(FilePath))!;
            return ((string)json["password"]!, (string)json["state"]!);
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
