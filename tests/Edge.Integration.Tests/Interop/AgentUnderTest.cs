using System.Globalization;
using System.Text.Json.Nodes;
using Edge.Agent.Hosting;
using Edge.Agent.Iot;
using Edge.Hardware.Profiles;
using Edge.Testing;
using Edge.Testing.FirmwareBridge;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Integration.Tests.Interop;

/// <summary>
/// The real agent (the host the <c>edge run</c> verb builds) on the <c>sim</c> profile, logged in to the
/// fixture's XMPP server. Two changes to the profile, both written to a temp copy: the heater relay has no minimum
/// on/off times (so a test can switch it at once; ev-charger-enable keeps its 300 s and proves refusals), and the MCU
/// port is the host end of this agent's own <see cref="VirtualMcu"/> (the firmware core on a socat pty pair, demo
/// scenario), so a demo running on this machine is never picked up.
/// </summary>
internal sealed class AgentUnderTest : IAsyncDisposable
{
    private readonly string _directory;

    private AgentUnderTest(IHost host, VirtualMcu mcu, string directory, string resource, string prefix)
    {
        Host = host;
        Mcu = mcu;
        _directory = directory;
        FullJid = Jid.Parse($"{TestAccounts.AgentJid}/{resource}");
        NodePrefix = prefix;
    }

    public IHost Host { get; }

    /// <summary>The virtual MCU behind the agent's firmware-bridge sensor (node <c>mcu</c>).</summary>
    public VirtualMcu Mcu { get; }

    public Jid FullJid { get; }

    /// <summary>The pubsub node prefix of this run (unique, so runs never see each other's items).</summary>
    public string NodePrefix { get; }

    public AgentThingProvider Device => Host.Services.GetRequiredService<AgentThingProvider>();

    public HardwareSet Hardware => Host.Services.GetRequiredService<HardwareSet>();

    public XmppClient Client => Host.Services.GetRequiredService<XmppClient>();

    /// <param name="resource">The agent's resource.</param>
    /// <param name="extra">Configuration overrides.</param>
    /// <param name="editProfile">A change to the temp copy of the sim profile (after the heater's).</param>
    public static async Task<AgentUnderTest> StartAsync(string resource, IDictionary<string, string?>? extra = null,
        Action<JsonObject>? editProfile = null)
    {
        var server = Server.Xmpp;
        var mcu = await VirtualMcu.StartAsync(VirtualMcu.Scenario("demo"), CancellationToken.None, hostName: "agent");
        var directory = Path.Combine(Path.GetTempPath(), "edge-it-" + Guid.NewGuid().ToString("N")[..12]);
        var profiles = Directory.CreateDirectory(Path.Combine(directory, "hardware", "profiles")).FullName;
        var meters = Directory.CreateDirectory(Path.Combine(directory, "hardware", "meters")).FullName;
        foreach (var meter in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "hardware", "meters"), "*.json"))
        {
            File.Copy(meter, Path.Combine(meters, Path.GetFileName(meter)));
        }

        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "hardware", "profiles", "sim.json")))!.AsObject();
        foreach (var relay in profile["relays"]!.AsArray())
        {
            if ((string?)relay!["id"] == "heater")
            {
                relay["minOnSeconds"] = 0;
                relay["minOffSeconds"] = 0;
                relay["maxSwitchingsPerHour"] = 0;
            }
        }

        foreach (var sensor in profile["sensors"]!.AsArray())
        {
            if ((string?)sensor!["kind"] == "firmwareBridge")
            {
                sensor["port"] = mcu.HostPort;
            }
        }

        editProfile?.Invoke(profile);
        var profilePath = Path.Combine(profiles, "sim-it.json");
        File.WriteAllText(profilePath, profile.ToJsonString());

        var prefix = "it-" + Guid.NewGuid().ToString("N")[..8] + "/";
        var overrides = new Dictionary<string, string?>
        {
            ["Xmpp:Jid"] = TestAccounts.AgentJid,
            ["Xmpp:Password"] = TestAccounts.AgentPassword,
            ["Xmpp:Resource"] = resource,
            ["Xmpp:Host"] = server.Host,
            ["Xmpp:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["Xmpp:Tls:CaFile"] = server.CaFile,
            ["Xmpp:IqTimeout"] = "00:00:10",
            ["Agent:HardwareProfile"] = profilePath,
            ["Agent:DataDirectory"] = Path.Combine(directory, "data"),
            ["Agent:SampleInterval"] = "00:00:01",
            ["Agent:PubSub:Service"] = server.PubSubService,
            ["Agent:PubSub:NodePrefix"] = prefix,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var host = AgentHost.Build(null, overrides, out var errors);
        if (host is null)
        {
            await mcu.DisposeAsync();
            throw new AssertFailedException(string.Join("; ", errors));
        }

        await host.StartAsync();
        var agent = new AgentUnderTest(host, mcu, directory, resource, prefix);
        await agent.Client.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // The MCU's channels are nodes once it said hello (the bridge opens its port at the first sampling, then
        // retries every 5 s): a test that reads the whole device must not race that.
        await Clients.WaitUntilAsync(() => agent.Hardware.Sensors.OfType<Edge.Hardware.FirmwareBridge.FirmwareBridgeSensor>().All(b => b.IsConnected),
            TimeSpan.FromSeconds(30), "the agent's firmware bridge to reach the virtual MCU");
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await Mcu.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing handle: the temp folder is cleaned up by the OS later.
        }
    }
}
