using Edge.Iot.SensorData;
using Edge.Testing.Iot;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Tests.SensorData;

/// <summary>Our requester against our device, stanzas relayed between two in-memory sessions.</summary>
[TestClass]
public sealed class SensorDataEndToEndTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 5, 123, TimeSpan.Zero);
    private static readonly Jid Device = Jid.Parse(RelayedPair.DeviceJid);

    public TestContext TestContext { get; set; } = null!;

    private static Field[] EveryKind() =>
    [
        new Field("Energy", new NumericValue(123.2, "MWh", 3), Now, ReadoutTypes.Momentary, FieldQoS.AutomaticReadout | FieldQoS.Signed)
        {
            Writable = false, Module = "Meters", StringIds = "1,2|Meters",
        },
        new Field("Relay", new BooleanValue(true), Now, ReadoutTypes.Status) { Writable = true },
        new Field("Pulses", new IntValue(-42), Now),
        new Field("Total", new LongValue(5_000_000_000), Now, ReadoutTypes.Computed),
        new Field("Serial", new StringValue("SN-1"), Now, ReadoutTypes.Identity),
        new Field("Door", new EnumValue("Closed", "DoorState"), Now, ReadoutTypes.Status, FieldQoS.Missing | FieldQoS.Error),
        new Field("Installed", new DateValue(new DateOnly(2012, 5, 1)), Now, ReadoutTypes.Identity, FieldQoS.ManualReadout),
        new Field("Tariff switch", new TimeValue(new TimeOnly(22, 0, 0, 5)), Now, ReadoutTypes.Status),
        new Field("Last reset", new DateTimeValue(Now.AddDays(-1)), Now, ReadoutTypes.Status, FieldQoS.TimeOffset),
        new Field("Uptime", new DurationValue(TimeSpan.FromHours(30.5)), Now, ReadoutTypes.Status, FieldQoS.AutomaticEstimate),
    ];

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_AgainstOurDevice_EveryFieldComesBackEqual()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var pair = new RelayedPair();
        var provider = SensorDataServerReadoutTests.Concentrator();
        provider.SetFields(new ThingReference("Device02"), EveryKind());
        provider.FailReads(new ThingReference("Device03", null, "Meter"), "Meter does not answer.");
        await using var server = SensorDataServer.Register(pair.Device.Client, provider, new FakeAccessPolicy(), time: pair.Device.Time);
        await pair.StartAsync(Now, ct);
        var client = new SensorDataClient(pair.Requester.Client, pair.Requester.Time);

        var result = await client.ReadAsync(Device, new ReadoutRequest(client.NextSeqNr(), ReadoutTypes.All,
            [new ThingReference("Device02"), new ThingReference("Device03")]), null, ct);

        Assert.AreEqual(ReadoutOutcome.Done, result.Outcome);
        CollectionAssert.AreEqual(EveryKind(), result.Readings.Single(r => r.Node.NodeId == "Device02").Fields.ToArray());
        Assert.AreEqual(new ReadoutError(new ThingReference("Device03", null, "Meter"), Now, "Meter does not answer."), result.Failures.Single());
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_Forbidden_RejectedAsDataNothingRead()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var pair = new RelayedPair();
        var provider = SensorDataServerReadoutTests.Concentrator();
        var policy = new FakeAccessPolicy();
        policy.Deny("user@example.com", IotOperation.Read);
        await using var server = SensorDataServer.Register(pair.Device.Client, provider, policy, time: pair.Device.Time);
        await pair.StartAsync(Now, ct);
        var client = new SensorDataClient(pair.Requester.Client, pair.Requester.Time);

        var result = await client.ReadAsync(Device, new ReadoutRequest(1, ReadoutTypes.Momentary), null, ct);

        Assert.AreEqual(ReadoutOutcome.Rejected, result.Outcome);
        Assert.AreEqual(new StanzaError("cancel", "forbidden", "Access denied."), result.Rejection);
        Assert.AreEqual(0, provider.ReadCount);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task CancelAsync_QueuedReadoutOnOurDevice_CancelledNothingRead()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var pair = new RelayedPair();
        var provider = SensorDataServerReadoutTests.Concentrator();
        await using var server = SensorDataServer.Register(pair.Device.Client, provider, new FakeAccessPolicy(), time: pair.Device.Time);
        await pair.StartAsync(Now, ct);
        var client = new SensorDataClient(pair.Requester.Client, pair.Requester.Time);
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Progress(e =>
        {
            if (e.Kind == ReadoutEventKind.Queued)
            {
                queued.TrySetResult();
            }
        });

        var read = client.ReadAsync(Device, new ReadoutRequest(7, ReadoutTypes.All, when: Now.AddHours(1)), progress, ct);
        await queued.Task.WaitAsync(ct);
        Assert.IsNull(await client.CancelAsync(Device, 7, ct));
        var result = await read;
        pair.Advance(TimeSpan.FromHours(2));

        Assert.AreEqual(ReadoutOutcome.Cancelled, result.Outcome);
        Assert.AreEqual(0, server.PendingCount);
        Assert.AreEqual(0, provider.ReadCount);
        Assert.AreEqual("item-not-found", (await client.CancelAsync(Device, 7, ct))?.Condition);
    }

    private sealed class Progress(Action<ReadoutEvent> report) : IProgress<ReadoutEvent>
    {
        public void Report(ReadoutEvent value) => report(value);
    }
}
