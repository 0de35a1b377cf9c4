using Edge.Agent.Fleet;
using Edge.Hardware.Profiles;
using Edge.Iot;
using Edge.Testing.Iot;
using Edge.Things;
using Edge.Xmpp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Fleet;

/// <summary>A fleet device without a server: its bounded queue, and its own relay state over shared sensors.</summary>
[TestClass]
public sealed class FleetDeviceTests
{
    private const string Profile = """
        { "name": "mini", "simulated": true,
          "sensors": [ { "id": "climate", "kind": "bme280", "address": "0x76" } ],
          "relays": [ { "id": "heater", "pin": 22, "activeLow": true, "failSafeOn": false } ] }
        """;

    [TestMethod]
    [Timeout(30_000)]
    public async Task Enqueue_BeyondTheQueueLength_DropsTheOldestAndCountsThem()
    {
        await using var sensors = Sensors();
        await sensors.SampleAsync(CancellationToken.None);
        await using var device = Device(sensors, "d1", queue: 3);

        device.Enqueue(sensors.Latest, sensors.Latest[0].Timestamp); // climate + heater
        device.Enqueue(sensors.Latest, sensors.Latest[0].Timestamp.AddSeconds(1));

        Assert.AreEqual(3, device.Queued);
        Assert.AreEqual(1, device.Dropped);
        await device.FlushAsync(CancellationToken.None); // not connected: nothing leaves the queue
        Assert.AreEqual(3, device.Queued);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task SetAsync_RelayState_ThisDeviceAloneReportsIt()
    {
        await using var sensors = Sensors();
        await using var one = Device(sensors, "d1");
        await using var two = Device(sensors, "d2");
        var heater = one.RootNodes[0].Children.Single(n => n.Reference.NodeId == "heater");

        var outcome = await one.SetAsync([new ControlWrite(heater, heater.Parameters[0], true)], CancellationToken.None);

        Assert.IsTrue(outcome.Succeeded, outcome.Message);
        Assert.AreEqual(new BooleanValue(true), (await one.ReadAsync(heater, ReadoutFilter.All, CancellationToken.None)).Fields.Single().Value);
        var other = two.RootNodes[0].Children.Single(n => n.Reference.NodeId == "heater");
        Assert.AreEqual(new BooleanValue(false), (await two.ReadAsync(other, ReadoutFilter.All, CancellationToken.None)).Fields.Single().Value);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadAsync_SensorNode_ReadsTheSharedSensor()
    {
        await using var sensors = Sensors();
        await using var device = Device(sensors, "d1");
        var climate = device.RootNodes[0].Children.Single(n => n.Reference.NodeId == "climate");

        var readout = await device.ReadAsync(climate, ReadoutFilter.All, CancellationToken.None);

        Assert.IsNull(readout.Error);
        CollectionAssert.AreEquivalent(new[] { "Temperature", "Pressure", "Humidity" }, readout.Fields.Select(f => f.Name).ToArray());
    }

    private static FleetSensors Sensors() =>
        FleetSensors.Create(HardwareProfile.Parse(Profile, "mini.json", Path.GetTempPath()), TimeProvider.System, NullLoggerFactory.Instance);

    private static FleetDevice Device(FleetSensors sensors, string user, int queue = 64) =>
        new(new XmppClientOptions { Jid = user + "@grid.example", Password = "pw", Host = "127.0.0.1", Port = 1 }, sensors,
            new FleetOptions { Count = 2, Password = "pw", QueueLength = queue }, new AgentOptions(), new FakeAccessPolicy(),
            TimeProvider.System, NullLoggerFactory.Instance);
}
