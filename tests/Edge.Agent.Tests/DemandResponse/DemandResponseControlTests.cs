using Edge.Agent.DemandResponse;
using Edge.Agent.Iot;
using Edge.Iot;
using Edge.Things;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.DemandResponse;

[TestClass]
public sealed class DemandResponseControlTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));

    public TestContext TestContext { get; set; } = null!;

    private DemandResponseRig CreateRig()
    {
        string directory = Path.Combine(TestContext.TestRunDirectory!, "drc-" + TestContext.TestName);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        _ = Directory.CreateDirectory(directory);

        return new DemandResponseRig(directory, _clock);
    }

    private AgentThingProvider Provider(DemandResponseRig rig) => new(rig.Hardware, rig.Settings, new SensorReader(_clock),
        new ReadingHistory(_clock), _clock, NullLogger.Instance, TimeSpan.Zero, rig.Engine);

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetAsync_StateOnForAHeldLoad_RefusedWithTheReasonAndUnchanged()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromHours(1), depth: 3);
        _ = rig.Engine.Evaluate();
        AgentThingProvider provider = Provider(rig);
        ThingNode heater = provider.RootNodes[0].Children.Single(c => c.Reference.NodeId == "heater");
        ThingNode pump = provider.RootNodes[0].Children.Single(c => c.Reference.NodeId == "pump");

        ControlOutcome refused = await provider.SetAsync([new ControlWrite(heater, heater.FindParameter("State")!, true)],
            TestContext.CancellationToken);
        ControlOutcome off = await provider.SetAsync([new ControlWrite(heater, heater.FindParameter("State")!, false)],
            TestContext.CancellationToken);
        ControlOutcome other = await provider.SetAsync([new ControlWrite(pump, pump.FindParameter("State")!, false)],
            TestContext.CancellationToken);

        Assert.IsFalse(refused.Succeeded);
        StringAssert.Contains(refused.Message, "held off by demand response");
        Assert.IsFalse(rig["heater"].IsOn);
        Assert.IsTrue(off.Succeeded, "switching a held load off is no fight");
        Assert.IsTrue(other.Succeeded, other.Message);
        Assert.IsFalse(rig["pump"].IsOn);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetAsync_StateOnForALoadOffBeforeTheEventButCoveredByIt_RefusedNotFought()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig["pump"].TrySwitch(false).Succeeded);
        rig.StartEvent(TimeSpan.FromHours(1), depth: 9);
        _ = rig.Engine.Evaluate();
        AgentThingProvider provider = Provider(rig);
        ThingNode pump = provider.RootNodes[0].Children.Single(c => c.Reference.NodeId == "pump");
        ThingNode fridge = provider.RootNodes[0].Children.Single(c => c.Reference.NodeId == "fridge");

        ControlOutcome refused = await provider.SetAsync([new ControlWrite(pump, pump.FindParameter("State")!, true)],
            TestContext.CancellationToken);

        Assert.IsFalse(refused.Succeeded);
        StringAssert.Contains(refused.Message, "priority up to 9");
        Assert.IsFalse(rig["pump"].IsOn);
        CollectionAssert.DoesNotContain(rig.Engine.Status.ShedLoads.ToArray(), "pump", "not the engine's: not restored later");
        Assert.IsTrue(rig["fridge"].TrySwitch(false).Succeeded);
        ControlOutcome essential = await provider.SetAsync([new ControlWrite(fridge, fridge.FindParameter("State")!, true)],
            TestContext.CancellationToken);
        Assert.IsTrue(essential.Succeeded, "an essential load is never held: " + essential.Message);

        _clock.Advance(TimeSpan.FromHours(1));
        ControlOutcome after = await provider.SetAsync([new ControlWrite(pump, pump.FindParameter("State")!, true)],
            TestContext.CancellationToken);
        Assert.IsTrue(after.Succeeded, "free again once the event is over: " + after.Message);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadAsync_DuringAndAfterAnEvent_RootShowsEngineStateAndShedRelayWhy()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromMinutes(10), depth: 3);
        _ = rig.Engine.Evaluate();
        AgentThingProvider provider = Provider(rig);
        ThingNode root = provider.RootNodes[0];
        ThingNode heater = root.Children.Single(c => c.Reference.NodeId == "heater");
        ThingNode pump = root.Children.Single(c => c.Reference.NodeId == "pump");
        var status = new ReadoutFilter(ReadoutTypes.Status);

        NodeReadout during = await provider.ReadAsync(root, status, TestContext.CancellationToken);
        NodeReadout heaterDuring = await provider.ReadAsync(heater, status, TestContext.CancellationToken);
        NodeReadout pumpDuring = await provider.ReadAsync(pump, status, TestContext.CancellationToken);

        Assert.AreEqual(new BooleanValue(true), during.Fields.Single(f => f.Name == "DemandResponseEvent").Value);
        Assert.AreEqual(new StringValue("ev,heater"), during.Fields.Single(f => f.Name == "ShedLoads").Value);
        Assert.IsFalse(during.Fields.Any(f => f.Name == "NextRestore"));
        var reason = (StringValue)heaterDuring.Fields.Single(f => f.Name == AgentThingProvider.ShedReasonField).Value;
        StringAssert.Contains(reason.Value, "event depth 3");
        Assert.IsFalse(pumpDuring.Fields.Any(f => f.Name == AgentThingProvider.ShedReasonField));

        _clock.Advance(TimeSpan.FromMinutes(10));
        _ = rig.Engine.Evaluate();
        NodeReadout after = await provider.ReadAsync(root, status, TestContext.CancellationToken);

        Assert.AreEqual(new BooleanValue(false), after.Fields.Single(f => f.Name == "DemandResponseEvent").Value);
        Assert.AreEqual(new DateTimeValue(rig.Engine.Status.NextRestore!.Value), after.Fields.Single(f => f.Name == "NextRestore").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task RootNodes_ManagedRelay_DescribesItsRoleUnmanagedDoesNot()
    {
        await using DemandResponseRig rig = CreateRig();
        AgentThingProvider provider = Provider(rig);

        ThingNode ev = provider.RootNodes[0].Children.Single(c => c.Reference.NodeId == "ev");
        ThingNode light = provider.RootNodes[0].Children.Single(c => c.Reference.NodeId == "light");

        Assert.AreEqual("0", ev.Properties["ShedPriority"]);
        Assert.AreEqual("false", ev.Properties["Essential"]);
        Assert.AreEqual("7400", ev.Properties["NominalWatts"]);
        Assert.AreEqual("false", ev.Properties["Cyclable"]);
        Assert.IsFalse(light.Properties.ContainsKey("ShedPriority"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Service_SettingChanged_ShedsAtOnceAndRestoresAtTheDeadline()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        using var service = new DemandResponseService(rig.Engine, rig.Settings, rig.Hardware,
            new SensorReader(_clock), rig.Options, _clock, NullLogger<DemandResponseService>.Instance);
        await service.StartAsync(TestContext.CancellationToken);
        try
        {
            rig.StartEvent(TimeSpan.FromMinutes(1), depth: 0);
            await WaitForAsync(() => !rig["ev"].IsOn);

            // Past the end and any restore offset (5 min window): the service's own timer restores it. The clock moves
            // on until it has: under load the service may arm its next deadline only after some of these steps (its
            // timer counts from the time it is armed), and a fixed number of steps would then end before it fires.
            while (!rig["ev"].IsOn)
            {
                _clock.Advance(TimeSpan.FromMinutes(1));
                await Task.Delay(20, TestContext.CancellationToken);
            }

            Assert.AreEqual(0, rig.Engine.Status.ShedLoads.Count);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private async Task WaitForAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10, TestContext.CancellationToken);
        }
    }
}
