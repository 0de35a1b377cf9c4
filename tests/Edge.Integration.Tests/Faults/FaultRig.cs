using System.Globalization;
using System.Text.Json.Nodes;
using Edge.Agent.Hosting;
using Edge.Agent.Outbox;
using Edge.Agent.Sampling;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Integration.Tests.Faults;

/// <summary>
/// What every fault test shares: a small simulated profile (three sensors, no serial ports) sampled fast, a fresh data
/// directory, a node prefix of its own, the agent's settings against the fixture's server, and the count that decides
/// the test: the readings the agent queued (the outbox's sequence, or the sampler's count) against the items the
/// server holds, node by node.
/// </summary>
internal sealed class FaultRig : IDisposable
{
    public static readonly string[] NodeIds = ["climate", "cabinet", "door"];

    private FaultRig(string directory, string profile, string prefix)
    {
        Directory = directory;
        ProfilePath = profile;
        Prefix = prefix;
        DataDirectory = Path.Combine(directory, "data");
    }

    public string Directory { get; }

    public string ProfilePath { get; }

    public string Prefix { get; }

    public string DataDirectory { get; set; }

    public string OutboxDirectory => Path.Combine(DataDirectory, "outbox");

    public static FaultRig Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("edge-fault-").FullName;
        var sim = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "hardware", "profiles", "sim.json")))!.AsObject();
        var sensors = new JsonArray([.. sim["sensors"]!.AsArray().Where(s => NodeIds.Contains((string?)s!["id"])).Select(s => s!.DeepClone())]);
        sim["sensors"] = sensors;
        sim["relays"] = new JsonArray();
        sim.Remove("serialBuses");
        sim.Remove("gridMeter"); // its meter is not among the three sensors
        var profile = Path.Combine(directory, "fault.json");
        File.WriteAllText(profile, sim.ToJsonString());
        return new FaultRig(directory, profile, "fault-" + Guid.NewGuid().ToString("N")[..8] + "/");
    }

    /// <summary>The agent's settings (as <c>--set</c> pairs or host overrides).</summary>
    public Dictionary<string, string?> Settings(string resource, int? port = null, string sampleInterval = "00:00:00.200")
    {
        var server = Server.Xmpp;
        return new Dictionary<string, string?>
        {
            ["Xmpp:Jid"] = TestAccounts.AgentJid,
            ["Xmpp:Password"] = TestAccounts.AgentPassword,
            ["Xmpp:Resource"] = resource,
            ["Xmpp:Host"] = server.Host,
            ["Xmpp:Port"] = (port ?? server.Port).ToString(CultureInfo.InvariantCulture),
            ["Xmpp:Tls:CaFile"] = server.CaFile,
            ["Xmpp:ReconnectInitialDelay"] = "00:00:00.200",
            ["Xmpp:ReconnectMaxDelay"] = "00:00:01",
            ["Xmpp:IqTimeout"] = "00:00:05",
            ["Xmpp:ConnectTimeout"] = "00:00:10",
            ["Agent:HardwareProfile"] = ProfilePath,
            ["Agent:DataDirectory"] = DataDirectory,
            ["Agent:SampleInterval"] = sampleInterval,
            ["Agent:PubSub:Service"] = server.PubSubService,
            ["Agent:PubSub:NodePrefix"] = Prefix,
            ["Agent:PubSub:MaxItems"] = "1000",
            ["Agent:Outbox:DiskRetryInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Edge.Agent.Publishing"] = Environment.GetEnvironmentVariable("EDGE_FAULT_DEBUG") is null ? null : "Debug",
        };
    }

    /// <summary>
    /// Starts the agent in-process on the rig's data directory, stops its sampling at once (it samples once at start),
    /// and waits until the outbox is empty: every reading a killed run left behind is then on the server.
    /// Returns the number of readings ever appended to the outbox (its next sequence number).
    /// </summary>
    public async Task<long> DrainAsync(string resource, TimeSpan timeout)
    {
        using var host = AgentHost.Build(null, Settings(resource), out var errors) ?? throw new AssertFailedException(string.Join("; ", errors));
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<SamplerService>().StopAsync(CancellationToken.None);
            var outbox = host.Services.GetRequiredService<DurableOutbox>();
            await Clients.WaitUntilAsync(() => outbox.Count == 0, timeout, $"the outbox to drain ({outbox.Count} left)");
            Assert.AreEqual(0, outbox.Dropped, "readings dropped");
            Assert.AreEqual(0, outbox.Parked, "readings parked");
            return outbox.NextSequence;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Items on the server per node of the rig (each id once: the server keys items by id).</summary>
    public async Task<IReadOnlyDictionary<string, int>> ItemsOnServerAsync()
    {
        await using var backend = new XmppClient(Clients.Backend("fault-count-" + Guid.NewGuid().ToString("N")[..6]));
        await backend.ConnectAsync(CancellationToken.None);
        var pubsub = new PubSubClient(backend);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in NodeIds)
        {
            var name = Prefix + Jid.Parse(TestAccounts.AgentJid).Local + "/" + node;
            var items = await pubsub.GetItemsAsync(Jid.Parse(Server.Xmpp.PubSubService), name, null, CancellationToken.None);
            Assert.AreEqual(items.Count, items.Select(i => i.Id).Distinct().Count(), $"item ids on {name} are unique");
            counts[node] = items.Count;
            Ids[node] = [.. items.Select(i => i.Id ?? string.Empty).Order(StringComparer.Ordinal)];
        }

        return counts;
    }

    /// <summary>The item ids seen by the last <see cref="ItemsOnServerAsync"/>, per node, in order (for failure messages).</summary>
    public Dictionary<string, string[]> Ids { get; } = new(StringComparer.Ordinal);

    /// <summary>Asserts the test's verdict: as many items on the server as readings queued, none lost, none twice.</summary>
    public async Task AssertAllOnServerOnceAsync(long queued, string what)
    {
        var items = await ItemsOnServerAsync();
        var total = items.Values.Sum();
        Assert.IsTrue(queued > 0, "nothing was sampled");
        Assert.AreEqual(queued, total, $"{what}: readings queued vs items on the server ({string.Join(", ", items.Select(i => i.Key + "=" + i.Value))}); "
            + "first and last ids per node: " + string.Join("; ", Ids.Select(n => $"{n.Key} {n.Value.FirstOrDefault()}..{n.Value.LastOrDefault()}"))
            + "; ids on some node but not on all: " + string.Join(", ", Ids.Values.SelectMany(v => v).Distinct().Where(id => Ids.Values.Any(v => !v.Contains(id)))));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a tmpfs still mounted inside, or a handle closing: the temp folder goes with the machine
        }
    }
}
