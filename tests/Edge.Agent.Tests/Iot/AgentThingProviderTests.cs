using Edge.Agent.Iot;
using Edge.Hardware.Profiles;
using Edge.Iot;
using Edge.Things;
using Edge.Things.Control;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Iot;

[TestClass]
public sealed class AgentThingProviderTests
{
    private const string Profile = """
        {
          "name": "unit", "simulated": true, "i2cBus": 1,
          "sensors": [
            { "id": "climate", "kind": "bme280", "address": "0x76" },
            { "id": "door", "kind": "digitalInput", "pin": 27, "debounceMs": 20 }
          ],
          "relays": [
            { "id": "heater", "pin": 22, "failSafeOn": false, "minOnSeconds": 60, "minOffSeconds": 60, "maxSwitchingsPerHour": 12 }
          ]
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private async Task<(HardwareSet Hardware, AgentThingProvider Provider, DeviceSettings Settings, ReadingHistory History)> CreateAsync()
    {
        string data = Path.Combine(TestContext.TestRunDirectory!, "provider-" + TestContext.TestName);
        var profile = HardwareProfile.Parse(Profile, "unit.json", data);
        var hardware = HardwareFactory.Create(profile, new HardwareFactoryOptions { TimeProvider = _clock, DataDirectory = data });
        var settings = new DeviceSettings(data, TimeSpan.FromSeconds(5), NullLogger.Instance);
        var history = new ReadingHistory(_clock);
        var provider = new AgentThingProvider(hardware, settings, new SensorReader(_clock), history, _clock,
            NullLogger.Instance, TimeSpan.FromSeconds(1));
        await Task.CompletedTask;
        return (hardware, provider, settings, history);
    }

    [TestMethod]
    public async Task RootNodes_Tree_RootWithSettingsAndOneChildPerSensorAndRelay()
    {
        var (hardware, provider, settings, _) = await CreateAsync();
        await using var _ = hardware;

        var root = provider.RootNodes.Single();

        Assert.AreEqual(AgentThingProvider.RootNodeId, root.Reference.NodeId);
        CollectionAssert.AreEqual(new[] { "climate", "door", "heater" }, root.Children.Select(c => c.Reference.NodeId).ToArray());
        Assert.AreSame(settings.SampleInterval, root.FindParameter("SampleInterval"));
        Assert.AreEqual("bme280", root.Children[0].NodeType);
        Assert.AreEqual("0x76", root.Children[0].Properties["Address"]);
        var heater = root.Children[2];
        Assert.AreEqual(ControlParameterType.Boolean, heater.FindParameter("State")!.Type);
        Assert.AreEqual("60", heater.Properties["MinOffSeconds"]);
        Assert.AreEqual("unit", root.Properties["Profile"]);
    }

    [TestMethod]
    public async Task ReadAsync_Momentary_FilteredLiveFields()
    {
        var (hardware, provider, _, _) = await CreateAsync();
        await using var _ = hardware;
        var climate = provider.RootNodes[0].Children[0];

        var readout = await provider.ReadAsync(climate, new ReadoutFilter(ReadoutTypes.Momentary, new HashSet<string> { "Temperature" }), CancellationToken.None);

        Assert.IsFalse(readout.Failed, readout.Error);
        var field = readout.Fields.Single();
        Assert.AreEqual("Temperature", field.Name);
        Assert.AreEqual("°C", ((NumericValue)field.Value).Unit);
    }

    [TestMethod]
    public async Task ReadAsync_Root_IdentityAndWritableSettings()
    {
        var (hardware, provider, _, _) = await CreateAsync();
        await using var _ = hardware;

        var identity = await provider.ReadAsync(provider.RootNodes[0], new ReadoutFilter(ReadoutTypes.Identity), CancellationToken.None);
        var status = await provider.ReadAsync(provider.RootNodes[0], new ReadoutFilter(ReadoutTypes.Status), CancellationToken.None);

        CollectionAssert.AreEquivalent(new[] { "Software", "Profile" }, identity.Fields.Select(f => f.Name).ToArray());
        Assert.IsTrue(status.Fields.Single(f => f.Name == "ShedPriority").Writable);
        Assert.AreEqual(new IntValue(5), status.Fields.Single(f => f.Name == "ShedPriority").Value);
        Assert.AreEqual(new EnumValue("ok", AgentThingProvider.HealthDataType), status.Fields.Single(f => f.Name == "Health").Value,
            "no sensor has failed a read");
    }

    [TestMethod]
    public async Task ReadAsync_Historical_FromSampledHistory()
    {
        var (hardware, provider, _, history) = await CreateAsync();
        await using var _ = hardware;
        var climate = provider.RootNodes[0].Children[0];
        var reader = new SensorReader(_clock);
        for (int i = 0; i < 3; i++)
        {
            history.Record(climate.Reference, await reader.ReadAsync(hardware.Sensors[0], TimeSpan.Zero, CancellationToken.None));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var readout = await provider.ReadAsync(climate, new ReadoutFilter(ReadoutTypes.HistoricalMinute, new HashSet<string> { "Temperature" }), CancellationToken.None);

        Assert.AreEqual(3, readout.Fields.Count, "three minutes have ended");
        Assert.IsTrue(readout.Fields.All(f => f.Types == ReadoutTypes.HistoricalMinute && f.Name == "Temperature"));
    }

    [TestMethod]
    public async Task SetAsync_RelayWithinMinimumOffTime_RefusedWithTheRuleAndUnchanged()
    {
        var (hardware, provider, _, _) = await CreateAsync();
        await using var _ = hardware;
        var heater = provider.RootNodes[0].Children.Single(c => c.Reference.NodeId == "heater");
        var state = heater.FindParameter("State")!;

        var refused = await provider.SetAsync([new ControlWrite(heater, state, true)], CancellationToken.None);

        Assert.IsFalse(refused.Succeeded);
        StringAssert.Contains(refused.Message, "minimum");
        Assert.IsFalse(hardware.Relays[0].IsOn);

        _clock.Advance(TimeSpan.FromSeconds(61));
        var before = await provider.ReadAsync(heater, new ReadoutFilter(ReadoutTypes.Status, new HashSet<string> { "State" }), CancellationToken.None);
        Assert.AreEqual(new BooleanValue(false), before.Fields.Single().Value, "read (and cached) before the command");
        var switched = await provider.SetAsync([new ControlWrite(heater, state, true)], CancellationToken.None);
        Assert.IsTrue(switched.Succeeded, switched.Message);
        Assert.IsTrue(hardware.Relays[0].IsOn);
        Assert.AreEqual(true, state.CurrentValue);
        var readout = await provider.ReadAsync(heater, new ReadoutFilter(ReadoutTypes.Status, new HashSet<string> { "State" }), CancellationToken.None);
        Assert.AreEqual(new BooleanValue(true), readout.Fields.Single().Value);
    }

    [TestMethod]
    public async Task SetAsync_Setting_AppliedAndStopsAtFirstRefusal()
    {
        var (hardware, provider, settings, _) = await CreateAsync();
        await using var _ = hardware;
        var root = provider.RootNodes[0];
        var heater = root.Children.Single(c => c.Reference.NodeId == "heater");

        var outcome = await provider.SetAsync(
        [
            new ControlWrite(root, root.FindParameter("ShedPriority")!, 1),
            new ControlWrite(heater, heater.FindParameter("State")!, true),
            new ControlWrite(root, root.FindParameter("Location")!, "never set"),
        ], CancellationToken.None);

        Assert.IsFalse(outcome.Succeeded);
        Assert.AreEqual("State", outcome.FailedWrite!.Parameter.Name);
        Assert.AreEqual(1, root.FindParameter("ShedPriority")!.CurrentValue, "writes before the refusal stay applied");
        Assert.AreEqual(string.Empty, root.FindParameter("Location")!.CurrentValue, "writes after the refusal are not applied");
        Assert.AreSame(settings.Parameters.Single(p => p.Name == "ShedPriority"), root.FindParameter("ShedPriority"));
    }
}
