using System.Collections.Concurrent;
using System.Globalization;
using Edge.Agent.Cli;
using Edge.Integration.Tests.DemandResponse;
using Edge.Integration.Tests.Faults;
using Edge.Integration.Tests.Interop;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Integration.Tests.Fleet;

/// <summary>
/// <c>edge fleet</c> as the real process against the fixture's server (Prosody or ejabberd): twenty devices, each
/// account made by in-band registration, publishing to PEP on its own JID; a plain backend account subscribes to every
/// node of every device, reads one device out and switches its relay; SIGTERM and Ctrl-C stop a fleet cleanly. Sampling
/// every 5 s: 240 publishes a second (every second) kept a loaded Prosody too busy to log a backend in within 10 s (the
/// test clients now wait 30 s for a login, Clients.cs).
/// </summary>
[TestClass]
public sealed class FleetTests
{
    private const int Devices = 20;
    private const string Password = "fleet-secret-1";
    private const string NodePrefix = "fleet/";
    private static readonly TimeSpan StartUp = TimeSpan.FromSeconds(120);
    private static readonly string[] Nodes =
        ["climate", "dc-supply", "analog", "cabinet", "outdoor", "room", "heat-pump-s0", "door", "grid-meter", "pv-meter", "heater", "ev-charger-enable"];

    private static AgentProcess? _fleet;
    private static string _prefix = string.Empty;

    private static AgentProcess Fleet => _fleet ?? throw new InvalidOperationException("The fleet did not start.");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _prefix = "fl" + Guid.NewGuid().ToString("N")[..6] + "-";
        _fleet = AgentProcess.StartVerb(Arguments(_prefix, Devices, "--register"));
        await WaitForOutputAsync(Fleet, $"all {Devices} connected", StartUp);
    }

    [ClassCleanup]
    public static void Stop() => _fleet?.Dispose();

    [TestMethod]
    [Timeout(180_000)]
    public async Task Fleet_TwentyDevicesRegisteredInBand_PlainSubscriberSeesReadingsFromEveryNodeOfEveryDevice()
    {
        await using var backend = new XmppClient(Clients.Backend("fleet-sub-" + Guid.NewGuid().ToString("N")[..6]));
        var pubsub = new PubSubClient(backend);
        var seen = new ConcurrentDictionary<string, PubSubItem>(StringComparer.Ordinal);
        pubsub.ItemReceived += (_, item) =>
        {
            if (item.Service is not null && FieldRow.From(item.Payload).Any())
            {
                seen.TryAdd(item.Service.Bare + " " + item.Node, item);
            }
        };
        await backend.ConnectAsync(CancellationToken.None);

        var wanted = Enumerable.Range(1, Devices).SelectMany(n => Nodes.Select(node => (Device: Device(n), Node: NodePrefix + Account(n) + "/" + node))).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        foreach (var (device, node) in wanted)
        {
            // A node exists from the device's first publish to it: until then subscribing answers item-not-found (ejabberd)
            // or forbidden (Prosody's PEP). Either way every node must then deliver a reading below.
            while (true)
            {
                var answer = await pubsub.SubscribeAsync(device, node, CancellationToken.None);
                if (answer.Error is null)
                {
                    break;
                }

                Assert.IsTrue(answer.Error.Condition is "item-not-found" or "forbidden" && DateTime.UtcNow < deadline,
                    $"subscribing to {node} on {device}: {answer.Error}{Environment.NewLine}{Fleet.Output}");
                await Task.Delay(250);
            }
        }

        await Clients.WaitUntilAsync(() => wanted.All(w => seen.ContainsKey(w.Device + " " + w.Node)), TimeSpan.FromSeconds(60),
            $"a reading from each of the {wanted.Count} nodes",
            () => $"{seen.Count} seen; missing e.g. {wanted.FirstOrDefault(w => !seen.ContainsKey(w.Device + " " + w.Node))}; {Fleet.Output}");
        var climate = FieldRow.From(seen[Device(7) + " " + NodePrefix + Account(7) + "/climate"].Payload).Select(f => f.Name).ToList();
        CollectionAssert.IsSubsetOf(new[] { "Temperature", "Pressure", "Humidity" }, climate);
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Fleet_ReadoutAndControlOfOneDevice_AnswerFromThatDeviceAlone()
    {
        var device = Jid.Parse(Device(3) + "/edge");
        var values = await DrBackend.ReadAsync(device, "climate", "heater");
        Assert.IsTrue(double.TryParse(values["climate/Temperature"], NumberStyles.Float, CultureInfo.InvariantCulture, out var celsius)
            && celsius is > 10 and < 40, string.Join("; ", values));
        Assert.AreEqual("false", values["heater/State"]);

        await DrBackend.SwitchAsync(device, "heater", on: true);
        Assert.AreEqual("true", (await DrBackend.ReadAsync(device, "heater"))["heater/State"]);
        Assert.AreEqual("false", (await DrBackend.ReadAsync(Jid.Parse(Device(4) + "/edge"), "heater"))["heater/State"],
            "another fleet device's relay");
    }

    [TestMethod]
    [Timeout(120_000)]
    [DataRow("TERM")]
    [DataRow("INT")]
    public async Task Fleet_Signal_StopsCleanlyWithinTenSeconds(string signal)
    {
        var prefix = "fs" + Guid.NewGuid().ToString("N")[..6] + "-";
        using var fleet = AgentProcess.StartVerb(Arguments(prefix, 3, "--register"));
        await WaitForOutputAsync(fleet, "all 3 connected", StartUp);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var exit = await fleet.SignalAndWaitAsync(signal, TimeSpan.FromSeconds(10));
        Assert.AreEqual(0, exit, fleet.Output);
        Assert.IsTrue(fleet.Logged("edge fleet: stopping; 3/3 connected"), fleet.Output);
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), $"stopped in {watch.Elapsed}");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Fleet_AccountsNeitherRegisteredNorInFile_ExitsThreeSayingHowToMakeThem()
    {
        using var fleet = AgentProcess.StartVerb(Arguments("nx" + Guid.NewGuid().ToString("N")[..6] + "-", 2));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exit = await fleet.WaitForExitAsync(limit.Token);
        Assert.AreEqual(3, exit, fleet.Output);
        Assert.IsTrue(fleet.Logged("--register") && fleet.Logged("--accounts FILE"), fleet.Output);
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Fleet_AccountsFileShorterThanCount_ExitsTwoNamingTheFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "one:pw1\n# a comment\n\ntwo:pw2\n");
            using var fleet = AgentProcess.StartVerb([.. Arguments("unused", 3), "--accounts", file]);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Assert.AreEqual(2, await fleet.WaitForExitAsync(limit.Token), fleet.Output);
            Assert.IsTrue(fleet.Logged($"--accounts '{file}' has 2 accounts; --count 3 needs as many."), fleet.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Account(int n) => _prefix + n.ToString("D2", CultureInfo.InvariantCulture);

    private static Jid Device(int n) => Jid.Parse(Account(n) + "@" + Server.Xmpp.Domain);

    private static List<string> Arguments(string prefix, int count, params string[] extra)
    {
        var server = Server.Xmpp;
        return
        [
            "fleet", "--count", count.ToString(CultureInfo.InvariantCulture), "--prefix", prefix, "--password", Password,
            "--interval", "5", "--concurrency", "8", .. extra,
            "--set", "Xmpp:Jid=fleet@" + server.Domain,
            "--set", "Xmpp:Host=" + server.Host,
            "--set", "Xmpp:Port=" + server.Port.ToString(CultureInfo.InvariantCulture),
            "--set", "Xmpp:Tls:CaFile=" + server.CaFile,
            "--set", "Xmpp:IqTimeout=00:00:10",
            "--set", "Agent:HardwareProfile=" + Path.Combine(RepositoryPaths.Root, "hardware", "profiles", "sim.json"),
            "--set", "Agent:PubSub:Service=", // PEP on each device's own JID: new accounts are no admins of the pubsub service
            "--set", "Agent:PubSub:NodePrefix=" + NodePrefix,
        ];
    }

    private static async Task WaitForOutputAsync(AgentProcess fleet, string text, TimeSpan timeout)
    {
        await Clients.WaitUntilAsync(() => fleet.Logged(text) || fleet.HasExited, timeout, $"'{text}' from edge fleet", () => fleet.Output);
        Assert.IsTrue(fleet.Logged(text), $"edge fleet exited before '{text}':{Environment.NewLine}{fleet.Output}");
    }
}
