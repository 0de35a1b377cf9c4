using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Testing.Xmpp;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Tests.SensorData;

/// <summary>
/// The requester side against literal device stanzas: the XEP-0323 examples, refusals as data, slixmpp 1.8.3's
/// device shapes, cancel, and timeouts. The fake server plays the device.
/// </summary>
[TestClass]
public sealed class SensorDataClientTests
{
    private static readonly Jid Device = Jid.Parse("device@example.org");

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to a context).</summary>
    private sealed class Events : IProgress<ReadoutEvent>
    {
        public List<ReadoutEvent> All { get; } = [];

        public ReadoutEventKind[] Kinds
        {
            get
            {
                lock (All)
                {
                    return [.. All.Select(e => e.Kind)];
                }
            }
        }

        public void Report(ReadoutEvent value)
        {
            lock (All)
            {
                All.Add(value);
            }
        }
    }

    private sealed class Requester : IAsyncDisposable
    {
        public ClientHarness H { get; } = new();

        public SensorDataClient Client { get; private set; } = null!;

        public static async Task<Requester> StartAsync(CancellationToken ct)
        {
            var r = new Requester();
            r.H.Time.SetUtcNow(new DateTimeOffset(2013, 3, 7, 18, 0, 0, TimeSpan.Zero));
            await r.H.LoginAsync(ct);
            r.Client = new SensorDataClient(r.H.Client, r.H.Time);
            return r;
        }

        /// <summary>Reads the IQ the client sent and returns its id.</summary>
        public async Task<string> ReadIqAsync(string expectedPayload, CancellationToken ct)
        {
            var iq = await H.Server.ReadElementAsync(ct);
            Assert.AreEqual("get", (string?)iq.Attribute("type"));
            Assert.AreEqual(expectedPayload, iq.Elements().Single().ToString(SaveOptions.DisableFormatting));
            return (string)iq.Attribute("id")!;
        }

        public Task SendAsync(string xml, CancellationToken ct) => H.Server.SendAsync(xml, ct);

        public ValueTask DisposeAsync() => H.DisposeAsync();
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_XepMultipleDevices_ReadingPerNodeDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);
        var events = new Events();

        var read = r.Client.ReadAsync(Device, new ReadoutRequest(5, ReadoutTypes.Momentary, [new ThingReference("Device02"), new ThingReference("Device03")]), events, ct);

        // XEP-0323 §3.5, "Read-out of multiple devices"
        var id = await r.ReadIqAsync("<req seqnr=\"5\" momentary=\"true\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"Device02\" /><node nodeId=\"Device03\" /></req>", ct);
        await r.SendAsync($"<iq type='result' from='device@example.org' to='user@example.com/meter-7' id='{id}'><accepted xmlns='urn:xmpp:iot:sensordata' seqnr='5'/></iq>", ct);
        await r.SendAsync("""
            <message from='device@example.org' to='user@example.com/meter-7'>
              <fields xmlns='urn:xmpp:iot:sensordata' seqnr='5'>
                <node nodeId='Device02'>
                  <timestamp value='2013-03-07T19:31:15'>
                    <numeric name='Temperature' momentary='true' automaticReadout='true' value='23.4' unit='°C'/>
                  </timestamp>
                </node>
              </fields>
            </message>
            <message from='device@example.org' to='user@example.com/meter-7'>
              <fields xmlns='urn:xmpp:iot:sensordata' seqnr='5' done='true'>
                <node nodeId='Device03'>
                  <timestamp value='2013-03-07T19:31:16'>
                    <numeric name='Temperature' momentary='true' automaticReadout='true' value='22.8' unit='°C'/>
                  </timestamp>
                </node>
              </fields>
            </message>
            """, ct);
        var result = await read;

        Assert.AreEqual(ReadoutOutcome.Done, result.Outcome);
        Assert.IsTrue(result.Succeeded);
        Assert.IsFalse(result.Queued);
        Assert.AreEqual(2, result.Readings.Count);
        Assert.AreEqual(new ThingReference("Device02"), result.Readings[0].Node);
        Assert.AreEqual(new NumericValue(22.8, "°C", 1), result.Readings[1].Fields.Single().Value);
        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 19, 31, 16, TimeSpan.Zero), result.Readings[1].Timestamp);
        CollectionAssert.AreEqual(new[] { ReadoutEventKind.Accepted, ReadoutEventKind.Fields, ReadoutEventKind.Fields, ReadoutEventKind.Done }, events.Kinds);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_XepScheduledReadAll_QueuedStartedMergedThenDoneMessage()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);
        var events = new Events();

        var read = r.Client.ReadAsync(Device, new ReadoutRequest(4, ReadoutTypes.All, when: new DateTimeOffset(2013, 3, 7, 19, 0, 0, TimeSpan.Zero)), events, ct);

        // XEP-0323 §3.4, "Scheduled read-out of device with multiple responses" (the "…" left out)
        var id = await r.ReadIqAsync("<req seqnr=\"4\" all=\"true\" when=\"2013-03-07T19:00:00Z\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq type='result' from='device@example.org' to='user@example.com/meter-7' id='{id}'><accepted xmlns='urn:xmpp:iot:sensordata' seqnr='4' queued='true'/></iq>", ct);
        await r.SendAsync("""
            <message from='device@example.org' to='client@example.org/amr'>
              <started xmlns='urn:xmpp:iot:sensordata' seqnr='4'/>
            </message>
            <message from='device@example.org' to='client@example.org/amr'>
              <fields xmlns='urn:xmpp:iot:sensordata' seqnr='4'>
                <node nodeId='Device01'>
                  <timestamp value='2013-03-07T19:00:00'>
                    <numeric name='Temperature' momentary='true' automaticReadout='true' value='23.4' unit='°C'/>
                    <numeric name='Runtime' status='true' automaticReadout='true' value='12345' unit='h'/>
                    <string name='Device ID' identification='true' automaticReadout='true' value='Device01'/>
                  </timestamp>
                </node>
              </fields>
            </message>
            <message from='device@example.org' to='client@example.org/amr'>
              <fields xmlns='urn:xmpp:iot:sensordata' seqnr='4'>
                <node nodeId='Device01'>
                  <timestamp value='2013-03-07T19:00:00'>
                    <numeric name='Temperature, Max' peak='true' automaticReadout='true' value='25.9' unit='°C'/>
                    <numeric name='Temperature, Min' peak='true' automaticReadout='true' value='18.7' unit='°C'/>
                    <numeric name='Temperature, Mean' computed='true' automaticReadout='true' value='22.5' unit='°C'/>
                  </timestamp>
                </node>
              </fields>
            </message>
            <message from='device@example.org' to='client@example.org/amr'>
              <fields xmlns='urn:xmpp:iot:sensordata' seqnr='4'>
                <node nodeId='Device01'>
                  <timestamp value='2013-03-07T18:00:00'>
                    <numeric name='Temperature' historicalHour='true' automaticReadout='true' value='24.5' unit='°C'/>
                  </timestamp>
                  <timestamp value='2013-03-07T00:00:00'>
                    <numeric name='Temperature' historicalHour='true' historicalDay='true' automaticReadout='true' value='25.2' unit='°C'/>
                  </timestamp>
                </node>
              </fields>
            </message>
            <message from='device@example.org' to='client@example.org/amr'>
              <done xmlns='urn:xmpp:iot:sensordata' seqnr='4'/>
            </message>
            """, ct);
        var result = await read;

        Assert.AreEqual(ReadoutOutcome.Done, result.Outcome);
        Assert.IsTrue(result.Queued);
        var reading = result.Readings.Single();
        Assert.AreEqual(8, reading.Fields.Count, "three messages for one node, merged");
        Assert.AreEqual(ReadoutTypes.Identity, reading.Fields[2].Types);
        Assert.AreEqual(ReadoutTypes.HistoricalHour | ReadoutTypes.HistoricalDay, reading.Fields[7].Types);
        CollectionAssert.AreEqual(new[]
        {
            ReadoutEventKind.Queued, ReadoutEventKind.Started, ReadoutEventKind.Fields, ReadoutEventKind.Fields, ReadoutEventKind.Fields, ReadoutEventKind.Done,
        }, events.Kinds);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_XepFailure_DoneWithFailureListed()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);

        var read = r.Client.ReadAsync(Device, new ReadoutRequest(2, ReadoutTypes.Momentary), null, ct);

        // XEP-0323 §3.2, "Momentary read-out failure"
        var id = await r.ReadIqAsync("<req seqnr=\"2\" momentary=\"true\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq type='result' from='device@example.org' to='client@example.org/amr' id='{id}'><accepted xmlns='urn:xmpp:iot:sensordata' seqnr='2'/></iq>"
            + "<message from='device@example.org' to='client@example.org/amr'><failure xmlns='urn:xmpp:iot:sensordata' seqnr='2' done='true'>"
            + "<error nodeId='Device01' timestamp='2013-03-07T17:13:30'>Timeout.</error></failure></message>", ct);
        var result = await read;

        Assert.AreEqual(ReadoutOutcome.Done, result.Outcome);
        Assert.IsFalse(result.Succeeded);
        Assert.IsEmpty(result.Readings);
        Assert.AreEqual(new ReadoutError(new ThingReference("Device01"), new DateTimeOffset(2013, 3, 7, 17, 13, 30, TimeSpan.Zero), "Timeout."),
            result.Failures.Single());
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    [DataRow("cancel", "forbidden", "Access denied.")]
    [DataRow("cancel", "item-not-found", "Node 'Device99' was not found.")]
    [DataRow("modify", "bad-request", "The 'seqnr' of <req/> must be an xs:int; got 'x'.")]
    public async Task ReadAsync_DeviceRefuses_RejectedAsData(string type, string condition, string text)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);

        var read = r.Client.ReadAsync(Device, new ReadoutRequest(3, ReadoutTypes.Momentary), null, ct);

        // XEP-0323 §3.3, "Momentary read-out rejected" (and the other errors of its table)
        var id = await r.ReadIqAsync("<req seqnr=\"3\" momentary=\"true\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq type='error' from='device@example.org' to='client@example.org/amr' id='{id}'><error type='{type}'>"
            + $"<{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>{System.Security.SecurityElement.Escape(text)}</text>"
            + "</error></iq>", ct);
        var result = await read;

        Assert.AreEqual(ReadoutOutcome.Rejected, result.Outcome);
        Assert.AreEqual(new StanzaError(type, condition, text), result.Rejection);
        Assert.IsEmpty(result.Readings);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_SlixmppRejectedElement_RejectedWithItsText()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);

        var read = r.Client.ReadAsync(Device, new ReadoutRequest(8, nodes: [new ThingReference("x")]), null, ct);

        // slixmpp 1.8.3's device: iq.reply(); type=error; rejected/seqnr; rejected/error — no stanza error at all.
        var id = await r.ReadIqAsync("<req seqnr=\"8\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"x\" /></req>", ct);
        await r.SendAsync($"<iq xmlns=\"jabber:client\" id=\"{id}\" from=\"device@example.org\" type=\"error\"><rejected xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"8\">"
            + "<error>Invalid nodeId x</error></rejected></iq>", ct);
        var result = await read;

        Assert.AreEqual(ReadoutOutcome.Rejected, result.Outcome);
        Assert.AreEqual(new StanzaError("cancel", "undefined-condition", "Invalid nodeId x"), result.Rejection);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_SlixmppDeviceMessages_TimeSpanLocalTimesAndFailureKept()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);
        r.H.Time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("Test+01", TimeSpan.FromHours(1), "Test+01", "Test+01"));
        var device = Jid.Parse("device@example.org/edge");

        var read = r.Client.ReadAsync(device, new ReadoutRequest(9), null, ct);

        // slixmpp 1.8.3's device side: accepted; one fields message per timestamp block; failure (local time, no zone)
        // carrying done when its last node is done.
        var id = await r.ReadIqAsync("<req seqnr=\"9\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq xmlns=\"jabber:client\" id=\"{id}\" from=\"device@example.org/edge\" type=\"result\"><accepted xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"9\" /></iq>"
            + "<message xmlns=\"jabber:client\" from=\"device@example.org/edge\" to=\"user@example.com/meter-7\"><fields xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"9\">"
            + "<node nodeId=\"Device01\"><timestamp value=\"2013-03-07T16:24:30\"><numeric unit=\"°C\" name=\"Temperature\" value=\"23.4\" automaticReadout=\"true\" momentary=\"true\" />"
            + "<timeSpan name=\"Uptime\" value=\"PT1H\" /></timestamp></node></fields></message>"
            + "<message xmlns=\"jabber:client\" from=\"device@example.org/edge\" to=\"user@example.com/meter-7\"><failure xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"9\" done=\"true\">"
            + "<error nodeId=\"Device02\" timestamp=\"2013-03-07T17:13:30\">Timeout</error></failure></message>", ct);
        var result = await read;

        var fields = result.Readings.Single().Fields;
        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 15, 24, 30, TimeSpan.Zero), fields[0].Timestamp);
        Assert.AreEqual(new DurationValue(TimeSpan.FromHours(1)), fields[1].Value);
        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 16, 13, 30, TimeSpan.Zero), result.Failures.Single().Timestamp);
        Assert.AreEqual(ReadoutOutcome.Done, result.Outcome);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_FieldsBeforeAnEmptyResult_AcceptedAssumed()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);

        var read = r.Client.ReadAsync(Device, new ReadoutRequest(11, ReadoutTypes.Momentary), null, ct);

        // XEP-0323 §3: "accepted … can be omitted if the device already has the response".
        var id = await r.ReadIqAsync("<req seqnr=\"11\" momentary=\"true\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync("<message from='device@example.org'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='11' done='true'><node nodeId='Device01'>"
            + "<timestamp value='2013-03-07T18:00:00Z'><boolean name='On' value='true' momentary='true'/></timestamp></node></fields></message>"
            + $"<iq type='result' from='device@example.org' id='{id}'/>", ct);
        var result = await read;

        Assert.AreEqual(ReadoutOutcome.Done, result.Outcome);
        Assert.AreEqual(new BooleanValue(true), result.Readings.Single().Fields.Single().Value);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_OtherSenderOrOtherSeqNr_Ignored()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);
        var device = Jid.Parse("device@example.org/edge");

        var read = r.Client.ReadAsync(device, new ReadoutRequest(12), null, ct);

        var id = await r.ReadIqAsync("<req seqnr=\"12\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq type='result' from='device@example.org/edge' id='{id}'><accepted xmlns='urn:xmpp:iot:sensordata' seqnr='12'/></iq>"
            // another resource of the device's account, and a third party: not the addressee
            + "<message from='device@example.org/other'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='12' done='true'><node nodeId='Spoof1'/></fields></message>"
            + "<message from='mallory@evil.example/x'><done xmlns='urn:xmpp:iot:sensordata' seqnr='12'/></message>"
            // the device, but another readout
            + "<message from='device@example.org/edge'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='13' done='true'><node nodeId='Other'/></fields></message>"
            + "<message from='device@example.org/edge'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='12' done='true'><node nodeId='Device01'/></fields></message>", ct);
        var result = await read;

        Assert.AreEqual("Device01", result.Readings.Single().Node.NodeId);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task CancelAsync_QueuedReadout_CancelledAndReadReturnsCancelled()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);

        var read = r.Client.ReadAsync(Device, new ReadoutRequest(8, ReadoutTypes.All, when: new DateTimeOffset(2013, 3, 9, 23, 30, 0, TimeSpan.Zero)), null, ct);
        var id = await r.ReadIqAsync("<req seqnr=\"8\" all=\"true\" when=\"2013-03-09T23:30:00Z\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq type='result' from='device@example.org' id='{id}'><accepted xmlns='urn:xmpp:iot:sensordata' seqnr='8' queued='true'/></iq>", ct);

        // XEP-0323 §3.7
        var cancel = r.Client.CancelAsync(Device, 8, ct);
        var cancelId = await r.ReadIqAsync("<cancel seqnr=\"8\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq type='result' from='device@example.org' id='{cancelId}'><cancelled xmlns='urn:xmpp:iot:sensordata' seqnr='8'/></iq>", ct);

        Assert.IsNull(await cancel);
        var result = await read;
        Assert.AreEqual(ReadoutOutcome.Cancelled, result.Outcome);
        Assert.IsTrue(result.Queued);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task CancelAsync_DeviceKnowsNoSuchReadout_ErrorAsData()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);

        var cancel = r.Client.CancelAsync(Device, 77, ct);
        var id = await r.ReadIqAsync("<cancel seqnr=\"77\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq type='error' from='device@example.org' id='{id}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No pending readout with seqnr 77.</text></error></iq>", ct);

        Assert.AreEqual(new StanzaError("cancel", "item-not-found", "No pending readout with seqnr 77."), await cancel);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_DeviceFallsSilentAfterAccepted_TimeoutAfterTheQuietPeriod()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);
        var events = new Events();

        var read = r.Client.ReadAsync(Device, new ReadoutRequest(14), events, ct, TimeSpan.FromSeconds(20));
        var id = await r.ReadIqAsync("<req seqnr=\"14\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);
        await r.SendAsync($"<iq type='result' from='device@example.org' id='{id}'><accepted xmlns='urn:xmpp:iot:sensordata' seqnr='14'/></iq>"
            + "<message from='device@example.org'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='14'><node nodeId='Device01'/></fields></message>", ct);
        while (events.Kinds.Length < 2)
        {
            await Task.Yield();
        }

        // The fake clock moves only here; the client's wait may not be armed yet, so move in steps until it fires.
        r.H.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.IsFalse(read.IsCompleted, "still within the quiet period");
        while (!read.IsCompleted)
        {
            r.H.Time.Advance(TimeSpan.FromSeconds(2));
            await Task.Yield();
        }

        var e = await Assert.ThrowsExactlyAsync<XmppTimeoutException>(() => read);
        StringAssert.Contains(e.Message, "Readout 14 from device@example.org");
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(20), r.H.Time.GetUtcNow() - new DateTimeOffset(2013, 3, 7, 18, 0, 0, TimeSpan.Zero));
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task ReadAsync_SameSeqNrToSameDeviceTwice_Throws()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var r = await Requester.StartAsync(ct);
        _ = r.Client.ReadAsync(Device, new ReadoutRequest(15), null, ct);
        await r.ReadIqAsync("<req seqnr=\"15\" xmlns=\"urn:xmpp:iot:sensordata\" />", ct);

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => r.Client.ReadAsync(Device, new ReadoutRequest(15), null, ct));
        Assert.AreNotEqual(r.Client.NextSeqNr(), r.Client.NextSeqNr());
    }
}
