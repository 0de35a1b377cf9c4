using Edge.Iot.SensorData;
using Edge.Testing.Iot;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>
/// Readout rejections (XEP-0323 §3.3) and the budget a requester has: each answered with a stanza error and text,
/// and none reads anything or leaves a readout pending.
/// </summary>
[TestClass]
public sealed class SensorDataServerRejectionTests
{
    private static readonly DateTimeOffset Now = new(2013, 3, 7, 16, 24, 30, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private static FakeThingProvider Provider()
    {
        var provider = SensorDataServerReadoutTests.Concentrator();
        provider.SetFields(new ThingReference("Device02"), DeviceHarness.Numeric("Temperature", 23.4, "°C", 1, Now));
        return provider;
    }

    private static async Task AssertNothingHappenedAsync(DeviceHarness d, CancellationToken ct)
    {
        await d.AssertNothingSentAsync(ct);
        Assert.AreEqual(0, d.Provider.ReadCount, "a refused request reads nothing");
        Assert.AreEqual(0, d.Server.PendingCount);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_PolicyRefuses_XepForbiddenAccessDenied()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct);
        d.Policy.Deny("client@example.org", IotOperation.Read);

        // XEP-0323 §3.3, "Momentary read-out rejected"
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='device@example.org' id='S0003'>"
            + "<req xmlns='urn:xmpp:iot:sensordata' seqnr='3' momentary='true'/></iq>", ct);

        var answer = await d.ReadAsync(ct);
        Assert.AreEqual("client@example.org/amr", (string?)answer.Attribute("to"));
        var error = answer.Element(DeviceHarness.Client + "error")!;
        Assert.AreEqual("cancel", (string?)error.Attribute("type"));
        Assert.IsNotNull(error.Element(DeviceHarness.Stanzas + "forbidden"));
        Assert.AreEqual("Access denied.", error.Element(DeviceHarness.Stanzas + "text")?.Value);
        Assert.AreEqual(5, d.Policy.Asked.Single().Nodes.Count, "the policy was asked about every node the request covers");
        await AssertNothingHappenedAsync(d, ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    [DataRow("<node nodeId='Device99'/>", "Node 'Device99' was not found.")]
    [DataRow("<node nodeId='Device02'/><node nodeId='Device03' sourceId='Other'/>", "Node 'Device03' in data source 'Other' was not found.")]
    [DataRow("<node nodeId='Device03' cacheType='Sensor'/>", "Node 'Device03' of cache type 'Sensor' was not found.")]
    public async Task Req_UnknownNode_ItemNotFoundNamingIt(string nodes, string expected)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct);

        await d.SendAsync($"<iq type='get' from='client@example.org/amr' id='N1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='3' momentary='true'>{nodes}</req></iq>", ct);

        Assert.AreEqual(("cancel", "item-not-found", expected), await d.ReadErrorAsync("N1", ct));
        Assert.IsEmpty(d.Policy.Asked, "resolution comes before the policy");
        await AssertNothingHappenedAsync(d, ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' momentary='true'/>", "<req/> has no 'seqnr' attribute")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='one'/>", "The 'seqnr' of <req/> must be an xs:int; got 'one'.")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' momentary='yes'/>", "The 'momentary' attribute of <req/> must be an xs:boolean (true, false, 1, 0); got 'yes'.")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' from='2013-03-07 00:00'/>", "The 'from' attribute of <req/> must be an xs:dateTime")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' when='soon'/>", "The 'when' attribute of <req/> must be an xs:dateTime")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' from='2013-03-08T00:00:00Z' to='2013-03-07T00:00:00Z'/>", "starts ('from' 2013-03-08T00:00:00Z) after it ends")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node/></req>", "<node/> in <req/> has no 'nodeId'")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1'><field name=''/></req>", "<field/> in <req/> has no 'name'")]
    public async Task Req_Malformed_BadRequestWithPreciseText(string req, string expected)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct);

        await d.SendAsync($"<iq type='get' from='client@example.org/amr' id='B1'>{req}</iq>", ct);

        var (type, condition, text) = await d.ReadErrorAsync("B1", ct);
        Assert.AreEqual(("modify", "bad-request"), (type, condition));
        StringAssert.Contains(text, expected);
        Assert.IsEmpty(d.Policy.Asked);
        await AssertNothingHappenedAsync(d, ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_WhenBeyondHorizon_NotAcceptableWithLimit()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct, new SensorDataServerOptions { MaxScheduleAhead = TimeSpan.FromHours(12) });

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='W1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='1' when='2013-03-08T16:24:30Z'/></iq>", ct);

        Assert.AreEqual(("modify", "not-acceptable",
            "The readout time 'when' (2013-03-08T16:24:30Z) is 1.00:00:00 ahead; this device schedules readouts at most 12:00:00 ahead."),
            await d.ReadErrorAsync("W1", ct));
        await AssertNothingHappenedAsync(d, ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_PerRequesterLimit_ResourceConstraintOthersStillServed()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct, new SensorDataServerOptions { MaxPendingPerRequester = 2, MaxPendingReadouts = 3 });
        for (var i = 1; i <= 2; i++)
        {
            await d.SendAsync($"<iq type='get' from='client@example.org/amr' id='L{i}'><req xmlns='urn:xmpp:iot:sensordata' seqnr='{i}' when='2013-03-07T17:00:00Z'/></iq>", ct);
            Assert.AreEqual("result", (string?)(await d.ReadAsync(ct)).Attribute("type"));
        }

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='L3'><req xmlns='urn:xmpp:iot:sensordata' seqnr='3'/></iq>", ct);
        Assert.AreEqual(("wait", "resource-constraint",
            "You already have 2 readouts pending on this device (at most 2); wait for them or cancel one."), await d.ReadErrorAsync("L3", ct));

        await d.SendAsync("<iq type='get' from='other@example.org/app' id='O1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='1' when='2013-03-07T17:00:00Z'/></iq>", ct);
        Assert.AreEqual("result", (string?)(await d.ReadAsync(ct)).Attribute("type"));

        // Total limit (3) reached: a third requester is refused too.
        await d.SendAsync("<iq type='get' from='third@example.org/x' id='T1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='1'/></iq>", ct);
        Assert.AreEqual(("wait", "resource-constraint",
            "This device already has 3 readouts pending (at most 3); try again later."), await d.ReadErrorAsync("T1", ct));

        await d.AssertNothingSentAsync(ct);
        Assert.AreEqual(0, d.Provider.ReadCount);
        Assert.AreEqual(3, d.Server.PendingCount);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_SeqNrStillPending_Conflict()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct);
        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='C1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='5' when='2013-03-07T17:00:00Z'/></iq>", ct);
        await d.ReadAsync(ct);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='C2'><req xmlns='urn:xmpp:iot:sensordata' seqnr='5'/></iq>", ct);

        Assert.AreEqual(("cancel", "conflict", "A readout with seqnr 5 from you is still pending; use a new seqnr or cancel it first."),
            await d.ReadErrorAsync("C2", ct));
        Assert.AreEqual(1, d.Server.PendingCount);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_NoFromAddress_BadRequest()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct);

        await d.SendAsync("<iq type='get' id='X1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='1'/></iq>", ct);

        Assert.AreEqual(("modify", "bad-request", "The request has no valid 'from' address to send the readout to."), await d.ReadErrorAsync("X1", ct));
        await AssertNothingHappenedAsync(d, ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Register_InvalidOptions_ThrowsQuotingValues()
    {
        var options = new SensorDataServerOptions { MaxPendingReadouts = 0, NodeReadTimeout = TimeSpan.Zero };

        var errors = options.Validate();

        CollectionAssert.AreEqual((string[])[
            "SensorData:MaxPendingReadouts 0 must be at least 1.",
            "SensorData:MaxPendingPerRequester 8 must be between 1 and MaxPendingReadouts (0).",
            "SensorData:NodeReadTimeout 00:00:00 must be positive.",
        ], errors.ToArray());
        await using var h = new Edge.Testing.Xmpp.ClientHarness();
        var e = Assert.ThrowsExactly<ArgumentException>(() => SensorDataServer.Register(h.Client, new FakeThingProvider(), new FakeAccessPolicy(), options));
        StringAssert.Contains(e.Message, "MaxPendingReadouts 0");
    }
}
