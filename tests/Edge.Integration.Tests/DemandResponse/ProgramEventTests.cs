using System.Diagnostics;
using System.Xml.Linq;
using Edge.Agent.DemandResponse;
using Edge.Iot.Control;
using Edge.Integration.Tests.Interop;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Integration.Tests.DemandResponse;

/// <summary>
/// Grid events for a fleet, end to end on the fixture's server: the utility (the server admin, with <c>edge dr
/// event</c>) publishes OpenADR 2.0b events once to a program node; the real agent on the sim profile, subscribed to it,
/// sheds and restores its loads; the operator sees it with <c>edge dr status</c> and on the device's status node. Also
/// the import limit held in a closed loop against the sim's grid meter, which answers the relays.
/// </summary>
[TestClass]
public sealed class ProgramEventTests
{
    private const string Ev = "ev-charger-enable";
    private const string Heater = "heater";
    private static readonly string ProgramNode = "dr-it-" + Guid.NewGuid().ToString("N")[..8];
    private static AgentUnderTest? _agent;

    private static AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("no agent");

    private static DemandResponseEngine Engine => (DemandResponseEngine)Agent.Host.Services.GetService(typeof(DemandResponseEngine))!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;

        // The node exists before the agent subscribes: a level-0 event (sheds nothing) creates it.
        _ = await DrBackend.PublishEventAsync(ProgramNode, "--level", "0", "--duration", "1s", "--id", "create");
        var settings = DrBackend.Program(ProgramNode, "feeder-7");
        settings["Agent:DemandResponse:ImportLimitSettle"] = "00:00:01";
        settings["Agent:DemandResponse:ImportLimitHold"] = "00:00:03";
        settings["Agent:DemandResponse:MeterInterval"] = "00:00:00.250";
        _agent = await AgentUnderTest.StartAsync("dr-program", settings, DrBackend.FastRelays);
        await Clients.WaitUntilAsync(() => Engine.Status.Events.Count == 0 && Subscribed(), TimeSpan.FromSeconds(20), "the agent to subscribe to the program node");
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }

    [TestInitialize]
    public async Task LoadsOnAsync()
    {
        await Clients.WaitUntilAsync(() => Engine.Status.ShedLoads.Count == 0, TimeSpan.FromSeconds(20), "no load held from an earlier test");
        await DrBackend.SwitchAsync(Agent.FullJid, Heater, true);
        await DrBackend.SwitchAsync(Agent.FullJid, Ev, true);
        Assert.IsTrue(Agent.Hardware.FindRelay(Heater)!.IsOn && Agent.Hardware.FindRelay(Ev)!.IsOn, "precondition: both loads on");
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task Event_PublishedOnce_ShedWithinASecondInPriorityOrder_StatusShown_RestoredInsideTheWindow()
    {
        var watch = Stopwatch.StartNew();
        DateTimeOffset end = DrBackend.WholeSeconds(DateTimeOffset.UtcNow).AddSeconds(8); // at the earliest
        string published = await DrBackend.PublishEventAsync(ProgramNode, "--level", "3", "--duration", "8s", "--id", "e-shed", "--group", "feeder-7");
        TimeSpan publishedAfter = watch.Elapsed;
        await Clients.WaitUntilAsync(() => !Agent.Hardware.FindRelay(Heater)!.IsOn && !Agent.Hardware.FindRelay(Ev)!.IsOn,
            TimeSpan.FromSeconds(1), "both loads shed within a second of the publish's answer");
        StringAssert.Contains(published, "e-shed");
        CollectionAssert.AreEqual(new[] { Ev, Heater }, Engine.Status.ShedLoads.ToArray(), $"priority 0 before 3 (publish took {publishedAfter})");

        var (code, status) = await DrBackend.StatusAsync(Agent.FullJid);
        Assert.AreEqual(0, code, status);
        StringAssert.Contains(status, "e-shed");
        StringAssert.Contains(status, Ev + "," + Heater);
        StringAssert.Contains(status, "e-shed:0:optIn");

        var read = await DrBackend.ReadAsync(Agent.FullJid, Heater);
        StringAssert.Contains(read[Heater + "/ShedReason"], "demand-response event");

        // The device's status node says the same to the utility.
        await Clients.WaitUntilAsync(() => StatusItemAsync().GetAwaiter().GetResult()?.Contains(Ev + "," + Heater, StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(10), "the status node to show both loads shed");

        // The end: restored inside the 3 s window.
        await Clients.WaitUntilAsync(() => Agent.Hardware.FindRelay(Heater)!.IsOn && Agent.Hardware.FindRelay(Ev)!.IsOn,
            end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1 + 3 + 2), "both loads restored inside the window after the end");
        Assert.IsTrue(DateTimeOffset.UtcNow >= end, "not restored before the end");
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task Event_ModifiedDeeperThenCancelled_FollowsEachModification()
    {
        _ = await DrBackend.PublishEventAsync(ProgramNode, "--level", "1", "--duration", "10m", "--id", "e-mod");
        await Clients.WaitUntilAsync(() => !Agent.Hardware.FindRelay(Ev)!.IsOn, TimeSpan.FromSeconds(2), "level 1 (depth 2): the ev shed");
        Assert.IsTrue(Agent.Hardware.FindRelay(Heater)!.IsOn, "level 1 does not reach the heater (priority 3)");

        _ = await DrBackend.PublishEventAsync(ProgramNode, "--level", "2", "--duration", "10m", "--id", "e-mod", "--modification", "1");
        await Clients.WaitUntilAsync(() => !Agent.Hardware.FindRelay(Heater)!.IsOn, TimeSpan.FromSeconds(2), "modification 1, level 2 (depth 5): the heater shed too");

        _ = await DrBackend.PublishEventAsync(ProgramNode, "--level", "1", "--duration", "10m", "--id", "e-mod", "--modification", "1");
        await Task.Delay(500);
        Assert.IsFalse(Agent.Hardware.FindRelay(Heater)!.IsOn, "a repeat of modification 1 changes nothing");

        _ = await DrBackend.PublishEventAsync(ProgramNode, "--id", "e-mod", "--modification", "2", "--cancel", "--duration", "10m");
        await Clients.WaitUntilAsync(() => Agent.Hardware.FindRelay(Heater)!.IsOn && Agent.Hardware.FindRelay(Ev)!.IsOn,
            TimeSpan.FromSeconds(3 + 2), "cancelled: both restored inside the window");
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task Event_ForAnotherGroupOrMalformed_ChangesNothing()
    {
        _ = await DrBackend.PublishEventAsync(ProgramNode, "--level", "3", "--duration", "10m", "--id", "e-other", "--group", "feeder-9");
        await DrBackend.PublishRawAsync(ProgramNode, "garbage", new XElement(XName.Get("oadrDistributeEvent", "http://openadr.org/oadr-2.0b/2012/07"),
            new XElement("nonsense", new string('x', 2000))));
        await DrBackend.PublishRawAsync(ProgramNode, "not-openadr", new XElement(XName.Get("fields", "urn:xmpp:iot:sensordata")));
        await Task.Delay(1500);

        Assert.IsTrue(Agent.Hardware.FindRelay(Heater)!.IsOn && Agent.Hardware.FindRelay(Ev)!.IsOn, "nothing shed");
        Assert.IsFalse(Engine.Status.Events.Any(e => e.Id == "e-other"), "an event for feeder-9 is not this device's");

        // Still listening: the next valid event is acted on.
        _ = await DrBackend.PublishEventAsync(ProgramNode, "--level", "1", "--duration", "2s", "--id", "e-after");
        await Clients.WaitUntilAsync(() => !Agent.Hardware.FindRelay(Ev)!.IsOn, TimeSpan.FromSeconds(2), "the valid event after the bad ones");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task ImportLimit_BreachInTheSim_ShedUntilBelowTheLimitSwitchingsBounded()
    {
        var heater = Agent.Hardware.FindRelay(Heater)!;
        var ev = Agent.Hardware.FindRelay(Ev)!;
        int before = heater.SwitchingsInLastHour + ev.SwitchingsInLastHour;

        // 1.6 kW ± 0.8 kW of base load + 2 kW heater + 7.4 kW charger: well above 6 kW.
        await DrBackend.SetAsync(Agent.FullJid, ControlValue.Double("ImportLimit", 6000));
        try
        {
            await Clients.WaitUntilAsync(() => !ev.IsOn, TimeSpan.FromSeconds(10), "the loop to shed until the import is below the limit",
                () => $"import {Engine.Status.ImportWatts} W, shed {string.Join(",", Engine.Status.ShedLoads)}");
            await Task.Delay(TimeSpan.FromSeconds(10)); // the loop runs on: the heater fits back (≤ 4.4 kW), the charger never

            var read = await DrBackend.ReadAsync(Agent.FullJid, "device", "grid-meter");
            double import = double.Parse(read["grid-meter/Total power"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(import < 6000, $"import {import} W below the limit");
            StringAssert.Contains(read["device/ShedReasons"], "ImportLimit");
            Assert.IsFalse(ev.IsOn, "7.4 kW never fits under the limit again");
            int switchings = heater.SwitchingsInLastHour + ev.SwitchingsInLastHour - before;
            Assert.IsTrue(switchings <= 3, $"{switchings} switchings in ~20 s: no oscillation (the heater off and back, the charger off)");
        }
        finally
        {
            await DrBackend.SetAsync(Agent.FullJid, ControlValue.Double("ImportLimit", 0));
        }

        await Clients.WaitUntilAsync(() => ev.IsOn && heater.IsOn, TimeSpan.FromSeconds(5), "the limit lifted: what it held restored");
    }

    private static bool Subscribed() => Agent.Client.State == XmppClientState.Connected;

    private static async Task<string?> StatusItemAsync()
    {
        await using var backend = new XmppClient(Clients.Backend("dr-status-" + Guid.NewGuid().ToString("N")[..6]));
        await backend.ConnectAsync(CancellationToken.None);
        var node = Agent.NodePrefix + Jid.Parse(TestAccounts.AgentJid).Local + "/" + DemandResponseFields.StatusNodeId;
        var items = await new PubSubClient(backend).GetItemsAsync(Jid.Parse(Server.Xmpp.PubSubService), node, 1, CancellationToken.None);
        return items.Count == 0 ? null : items[^1].Payload?.ToString();
    }
}
