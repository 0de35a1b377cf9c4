using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Testing.Iot;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>Deferred readouts (<c>when</c>, XEP-0323 §3.4) and cancelling them (§3.7), on a fake clock.</summary>
[TestClass]
public sealed class SensorDataServerScheduleTests
{
    private static readonly DateTimeOffset Now = new(2013, 3, 7, 18, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private static string Xml(XElement element) => element.ToString(SaveOptions.DisableFormatting);

    private static FakeThingProvider Device01()
    {
        var node = new ThingReference("Device01");
        var provider = new FakeThingProvider(new ThingNode(node, "meter"));
        provider.SetFields(node,
            DeviceHarness.Numeric("Temperature", 23.4, "°C", 1, new DateTimeOffset(2013, 3, 7, 19, 0, 0, TimeSpan.Zero)),
            new Field("Device ID", new StringValue("Device01"), new DateTimeOffset(2013, 3, 7, 19, 0, 0, TimeSpan.Zero), ReadoutTypes.Identity));
        return provider;
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_WhenInTheFuture_QueuedNothingUntilThenStartedFieldsDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = Device01();
        await using var d = await DeviceHarness.StartAsync(provider, ct, now: Now);

        // XEP-0323 §3.4, "Scheduled read-out of device with multiple responses" (19:00, an hour from now)
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='device@example.org' id='S0004'>"
            + "<req xmlns='urn:xmpp:iot:sensordata' seqnr='4' all='true' when='2013-03-07T19:00:00'/></iq>", ct);

        Assert.AreEqual("<iq type=\"result\" id=\"S0004\" to=\"client@example.org/amr\" xmlns=\"jabber:client\">"
            + "<accepted seqnr=\"4\" queued=\"true\" xmlns=\"urn:xmpp:iot:sensordata\" /></iq>", Xml(await d.ReadAsync(ct)));
        await d.AssertNothingSentAsync(ct);
        d.Harness.Time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59));
        await d.AssertNothingSentAsync(ct);
        Assert.AreEqual(0, provider.ReadCount, "not read before its time");
        Assert.AreEqual(1, d.Server.PendingCount);

        d.Harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.AreEqual("<started seqnr=\"4\" xmlns=\"urn:xmpp:iot:sensordata\" />", Xml(await d.ReadMessageAsync(ct)));
        var fields = await d.ReadMessageAsync(ct);
        Assert.AreEqual("true", (string?)fields.Attribute("done"));
        Assert.AreEqual(2, fields.Descendants(DeviceHarness.Sd + "timestamp").Single().Elements().Count());
        Assert.AreEqual(1, provider.ReadCount);
        await d.AssertNothingSentAsync(ct);
        Assert.AreEqual(0, d.Server.PendingCount);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_WhenInThePast_ReadAtOnceNotQueued()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Device01(), ct, now: Now);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='P1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='5' momentary='true' when='2013-03-07T17:00:00Z'/></iq>", ct);

        Assert.AreEqual("<accepted seqnr=\"5\" xmlns=\"urn:xmpp:iot:sensordata\" />", Xml((await d.ReadAsync(ct)).Elements().Single()));
        Assert.AreEqual(DeviceHarness.Sd + "fields", (await d.ReadMessageAsync(ct)).Name, "no 'started' for a readout that was not queued");
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Cancel_QueuedReadout_CancelledAndNothingSentAfterwards()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = Device01();
        await using var d = await DeviceHarness.StartAsync(provider, ct, now: new DateTimeOffset(2013, 3, 9, 22, 0, 0, TimeSpan.Zero));

        // XEP-0323 §3.7, "Cancelling a scheduled read-out request"
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='device@example.org' id='S0007'>"
            + "<req xmlns='urn:xmpp:iot:sensordata' seqnr='8' all='true' when='2013-03-09T23:30:00'/></iq>", ct);
        Assert.AreEqual("true", (string?)(await d.ReadAsync(ct)).Elements().Single().Attribute("queued"));
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='device@example.org' id='S0008'>"
            + "<cancel xmlns='urn:xmpp:iot:sensordata' seqnr='8'/></iq>", ct);

        Assert.AreEqual("<iq type=\"result\" id=\"S0008\" to=\"client@example.org/amr\" xmlns=\"jabber:client\">"
            + "<cancelled seqnr=\"8\" xmlns=\"urn:xmpp:iot:sensordata\" /></iq>", Xml(await d.ReadAsync(ct)));
        Assert.AreEqual(0, d.Server.PendingCount);
        d.Harness.Time.Advance(TimeSpan.FromHours(2));
        await d.AssertNothingSentAsync(ct);
        Assert.AreEqual(0, provider.ReadCount);

        // Cancelled means gone: a second cancel finds nothing.
        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='S0009'><cancel xmlns='urn:xmpp:iot:sensordata' seqnr='8'/></iq>", ct);
        var (type, condition, text) = await d.ReadErrorAsync("S0009", ct);
        Assert.AreEqual(("cancel", "item-not-found"), (type, condition));
        Assert.AreEqual("No pending readout with seqnr 8 from client@example.org/amr.", text);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Cancel_SameSeqNrFromAnotherRequester_ItemNotFoundAndReadoutGoesOn()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Device01(), ct, now: Now);
        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='Q1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='8' all='true' when='2013-03-07T18:30:00Z'/></iq>", ct);
        await d.ReadAsync(ct);

        // XEP-0323 §3.7 note: seqnr is unique per requester only; another resource cannot cancel it.
        await d.SendAsync("<iq type='get' from='client@example.org/other' id='Q2'><cancel xmlns='urn:xmpp:iot:sensordata' seqnr='8'/></iq>", ct);
        Assert.AreEqual("item-not-found", (await d.ReadErrorAsync("Q2", ct)).Condition);

        d.Harness.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.AreEqual(DeviceHarness.Sd + "started", (await d.ReadMessageAsync(ct)).Name);
        Assert.AreEqual(DeviceHarness.Sd + "fields", (await d.ReadMessageAsync(ct)).Name);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_SameSeqNrFromTwoRequesters_BothServedToTheirOwnJid()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Device01(), ct, now: Now);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='R1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='1' all='true' when='2013-03-07T18:10:00Z'/></iq>", ct);
        await d.SendAsync("<iq type='get' from='other@example.org/app' id='R2'><req xmlns='urn:xmpp:iot:sensordata' seqnr='1' all='true' when='2013-03-07T18:20:00Z'/></iq>", ct);
        Assert.AreEqual("result", (string?)(await d.ReadAsync(ct)).Attribute("type"));
        Assert.AreEqual("result", (string?)(await d.ReadAsync(ct)).Attribute("type"));
        Assert.AreEqual(2, d.Server.PendingCount);

        await d.SendAsync("<iq type='get' from='other@example.org/app' id='C2'><cancel xmlns='urn:xmpp:iot:sensordata' seqnr='1'/></iq>", ct);
        Assert.AreEqual("cancelled", (await d.ReadAsync(ct)).Elements().Single().Name.LocalName);
        d.Harness.Time.Advance(TimeSpan.FromMinutes(30));

        // Only the first requester's readout remains, and it goes to its JID.
        Assert.AreEqual(DeviceHarness.Sd + "started", (await d.ReadMessageAsync(ct)).Name);
        Assert.AreEqual(DeviceHarness.Sd + "fields", (await d.ReadMessageAsync(ct)).Name);
        await d.AssertNothingSentAsync(ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Cancel_UnknownSeqNrOrMalformed_ItemNotFoundOrBadRequest()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Device01(), ct, now: Now);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='U1'><cancel xmlns='urn:xmpp:iot:sensordata' seqnr='77'/></iq>", ct);
        Assert.AreEqual(("cancel", "item-not-found", "No pending readout with seqnr 77 from client@example.org/amr."), await d.ReadErrorAsync("U1", ct));

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='U2'><cancel xmlns='urn:xmpp:iot:sensordata'/></iq>", ct);
        var (type, condition, text) = await d.ReadErrorAsync("U2", ct);
        Assert.AreEqual(("modify", "bad-request"), (type, condition));
        StringAssert.Contains(text, "<cancel/> has no 'seqnr'");
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Dispose_QueuedReadout_NeverStartsAndLaterRequestsUnavailable()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = Device01();
        await using var d = await DeviceHarness.StartAsync(provider, ct, now: Now);
        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='D1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='3' all='true' when='2013-03-07T18:05:00Z'/></iq>", ct);
        await d.ReadAsync(ct);

        await d.Server.DisposeAsync();
        d.Harness.Time.Advance(TimeSpan.FromMinutes(10));

        await d.AssertNothingSentAsync(ct);
        Assert.AreEqual(0, provider.ReadCount);
        Assert.AreEqual(0, d.Server.PendingCount);
        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='D2'><req xmlns='urn:xmpp:iot:sensordata' seqnr='4'/></iq>", ct);
        Assert.AreEqual("service-unavailable", (await d.ReadErrorAsync("D2", ct)).Condition);
    }
}
