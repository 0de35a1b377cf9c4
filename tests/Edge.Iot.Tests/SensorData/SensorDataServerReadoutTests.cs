using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Testing.Iot;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>
/// Transcripts of readouts the device performs (XEP-0323 §3.1, §3.2, §3.5, §3.6, §4.9): requester sends / device
/// sends, literal XML.
/// </summary>
[TestClass]
public sealed class SensorDataServerReadoutTests
{
    private static readonly DateTimeOffset Now = new(2013, 3, 7, 16, 24, 30, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private static string Xml(XElement element) => element.ToString(SaveOptions.DisableFormatting);

    internal static FakeThingProvider Concentrator() => new(new ThingNode(new ThingReference("Concentrator"), "concentrator",
        children:
        [
            new ThingNode(new ThingReference("Device02"), "meter"),
            new ThingNode(new ThingReference("Device03", null, "Meter"), "meter"),
            new ThingNode(new ThingReference("Device04", "Other"), "meter"),
            new ThingNode(new ThingReference("Device04", null, "Sensor"), "sensor"),
        ]));

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_MomentaryOneNode_AcceptedThenFieldsDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = new FakeThingProvider(new ThingNode(new ThingReference("Device01"), "meter"));
        provider.SetFields(new ThingReference("Device01"),
            DeviceHarness.Numeric("Temperature", 23.4, "°C", 1, Now),
            DeviceHarness.Numeric("Runtime", 12345, "h", 0, Now, ReadoutTypes.Status));
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        // XEP-0323 §3.1
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='user@example.com/meter-7' id='S0001'>"
            + "<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' momentary='true'/></iq>", ct);

        var answer = await d.ReadAsync(ct);
        Assert.AreEqual("<iq type=\"result\" id=\"S0001\" to=\"client@example.org/amr\" xmlns=\"jabber:client\">"
            + "<accepted seqnr=\"1\" xmlns=\"urn:xmpp:iot:sensordata\" /></iq>", Xml(answer));
        var fields = await d.ReadMessageAsync(ct);
        Assert.AreEqual("<fields seqnr=\"1\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"Device01\">"
            + "<timestamp value=\"2013-03-07T16:24:30Z\"><numeric name=\"Temperature\" value=\"23.4\" unit=\"°C\" momentary=\"true\" automaticReadout=\"true\" />"
            + "</timestamp></node></fields>", Xml(fields));
        await d.AssertNothingSentAsync(ct);

        var asked = d.Policy.Asked.Single();
        Assert.AreEqual(DeviceHarness.Requester, asked.Requester.ToString());
        Assert.AreEqual(IotOperation.Read, asked.Operation);
        Assert.AreEqual("Device01", asked.Nodes.Single().Reference.NodeId);
        Assert.AreEqual(0, d.Server.PendingCount);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_NoNodesListed_EveryNodeOneMessageEachLastDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = Concentrator();
        provider.SetFields(new ThingReference("Device02"), DeviceHarness.Numeric("Temperature", 23.4, "°C", 1, Now));
        provider.SetFields(new ThingReference("Device04", null, "Sensor"), DeviceHarness.Numeric("Humidity", 41, "%RH", 0, Now));
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='A1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='12' all='true'/></iq>", ct);

        Assert.AreEqual("result", (string?)(await d.ReadAsync(ct)).Attribute("type"));
        var messages = new List<XElement>();
        for (var i = 0; i < 5; i++)
        {
            messages.Add(await d.ReadMessageAsync(ct));
        }

        // Depth first, parents first: the concentrator, then its four children; each its own fields message.
        CollectionAssert.AreEqual((string[])["Concentrator", "Device02", "Device03", "Device04", "Device04"],
            messages.Select(m => (string?)m.Element(DeviceHarness.Sd + "node")?.Attribute("nodeId")).ToArray());
        Assert.IsTrue(messages.All(m => (string?)m.Attribute("seqnr") == "12"));
        CollectionAssert.AreEqual((string?[])[null, null, null, null, "true"], messages.Select(m => (string?)m.Attribute("done")).ToArray());
        Assert.AreEqual("<node nodeId=\"Device03\" cacheType=\"Meter\" xmlns=\"urn:xmpp:iot:sensordata\" />", Xml(messages[2].Elements().Single()),
            "a node without fields is still reported, empty");
        Assert.AreEqual("Other", (string?)messages[3].Element(DeviceHarness.Sd + "node")?.Attribute("sourceId"));
        Assert.AreEqual("41", (string?)messages[4].Descendants(DeviceHarness.Sd + "numeric").Single().Attribute("value"));
        Assert.AreEqual(5, provider.ReadCount);
        await d.AssertNothingSentAsync(ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_TwoNodesXepMultipleDevices_TwoMessagesSecondDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = Concentrator();
        provider.SetFields(new ThingReference("Device02"), DeviceHarness.Numeric("Temperature", 23.4, "°C", 1, Now));
        provider.SetFields(new ThingReference("Device03", null, "Meter"), DeviceHarness.Numeric("Temperature", 22.8, "°C", 1, Now.AddSeconds(1)));
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        // XEP-0323 §3.5, "Read-out of multiple devices"
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='device@example.org' id='S0005'>"
            + "<req xmlns='urn:xmpp:iot:sensordata' seqnr='5' momentary='true'><node nodeId='Device02'/><node nodeId='Device03'/></req></iq>", ct);

        Assert.AreEqual("<accepted seqnr=\"5\" xmlns=\"urn:xmpp:iot:sensordata\" />", Xml((await d.ReadAsync(ct)).Elements().Single()));
        Assert.AreEqual("<fields seqnr=\"5\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"Device02\"><timestamp value=\"2013-03-07T16:24:30Z\">"
            + "<numeric name=\"Temperature\" value=\"23.4\" unit=\"°C\" momentary=\"true\" automaticReadout=\"true\" /></timestamp></node></fields>",
            Xml(await d.ReadMessageAsync(ct)));
        Assert.AreEqual("<fields seqnr=\"5\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"Device03\" cacheType=\"Meter\"><timestamp value=\"2013-03-07T16:24:31Z\">"
            + "<numeric name=\"Temperature\" value=\"22.8\" unit=\"°C\" momentary=\"true\" automaticReadout=\"true\" /></timestamp></node></fields>",
            Xml(await d.ReadMessageAsync(ct)));
        Assert.AreEqual(2, d.Policy.Asked.Single().Nodes.Count);
        await d.AssertNothingSentAsync(ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_EveryFieldKind_AllOnTheWire()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var node = new ThingReference("Device01");
        var provider = new FakeThingProvider(new ThingNode(node, "meter"));
        provider.SetFields(node,
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
            new Field("Tariff switch", new TimeValue(new TimeOnly(22, 0)), Now, ReadoutTypes.Status),
            new Field("Last reset", new DateTimeValue(Now.AddDays(-1)), Now, ReadoutTypes.Status, FieldQoS.TimeOffset | FieldQoS.Warning),
            new Field("Uptime", new DurationValue(TimeSpan.FromHours(30)), Now, ReadoutTypes.Status, FieldQoS.AutomaticEstimate | FieldQoS.InProgress),
            new Field("Peak", new NumericValue(4.25, "kW", 2), Now.AddHours(-2), ReadoutTypes.Peak | ReadoutTypes.HistoricalDay,
                FieldQoS.ManualEstimate | FieldQoS.Invoiced | FieldQoS.InvoiceConfirmed | FieldQoS.EndOfSeries | FieldQoS.PowerFailure));
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='K1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='3' all='true'/></iq>", ct);

        await d.ReadAsync(ct);
        Assert.AreEqual(
            "<fields seqnr=\"3\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"Device01\">"
            + "<timestamp value=\"2013-03-07T14:24:30Z\">"
            + "<numeric name=\"Peak\" value=\"4.25\" unit=\"kW\" peak=\"true\" historicalDay=\"true\" manualEstimate=\"true\" invoiced=\"true\" endOfSeries=\"true\" powerFailure=\"true\" invoiceConfirmed=\"true\" />"
            + "</timestamp><timestamp value=\"2013-03-07T16:24:30Z\">"
            + "<numeric name=\"Energy\" value=\"123.200\" unit=\"MWh\" momentary=\"true\" automaticReadout=\"true\" signed=\"true\" writable=\"false\" module=\"Meters\" stringIds=\"1,2|Meters\" />"
            + "<boolean name=\"Relay\" value=\"true\" status=\"true\" automaticReadout=\"true\" writable=\"true\" />"
            + "<int name=\"Pulses\" value=\"-42\" momentary=\"true\" automaticReadout=\"true\" />"
            + "<long name=\"Total\" value=\"5000000000\" computed=\"true\" automaticReadout=\"true\" />"
            + "<string name=\"Serial\" value=\"SN-1\" identity=\"true\" automaticReadout=\"true\" />"
            + "<enum name=\"Door\" value=\"Closed\" dataType=\"DoorState\" status=\"true\" missing=\"true\" error=\"true\" />"
            + "<date name=\"Installed\" value=\"2012-05-01\" identity=\"true\" manualReadout=\"true\" />"
            + "<time name=\"Tariff switch\" value=\"22:00:00\" status=\"true\" automaticReadout=\"true\" />"
            + "<dateTime name=\"Last reset\" value=\"2013-03-06T16:24:30Z\" status=\"true\" timeOffset=\"true\" warning=\"true\" />"
            + "<duration name=\"Uptime\" value=\"P1DT6H\" status=\"true\" inProgress=\"true\" automaticEstimate=\"true\" />"
            + "</timestamp></node></fields>",
            Xml(await d.ReadMessageAsync(ct)));
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_FieldNamesXepExample_OnlyThoseFields()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var node = new ThingReference("Device04", null, "Sensor");
        var provider = Concentrator();
        provider.SetFields(node,
            DeviceHarness.Numeric("Energy", 12345.67, "MWh", 2, Now),
            DeviceHarness.Numeric("Power", 239.4, "W", 1, Now),
            DeviceHarness.Numeric("Voltage", 230.1, "V", 1, Now));
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        // XEP-0323 §3.6 (Device04 exists in two data sources: the cacheType picks one)
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='device@example.org' id='S0006'>"
            + "<req xmlns='urn:xmpp:iot:sensordata' seqnr='6' momentary='true'><node nodeId='Device04' cacheType='Sensor'/>"
            + "<field name='Energy'/><field name='Power'/></req></iq>", ct);

        await d.ReadAsync(ct);
        var fields = await d.ReadMessageAsync(ct);
        CollectionAssert.AreEqual((string[])["Energy", "Power"],
            fields.Descendants(DeviceHarness.Sd + "numeric").Select(n => (string)n.Attribute("name")!).ToArray());
        Assert.AreEqual("12345.67", (string?)fields.Descendants(DeviceHarness.Sd + "numeric").First().Attribute("value"));
        Assert.AreEqual("true", (string?)fields.Attribute("done"));
        Assert.AreEqual(1, provider.ReadCount, "only the addressed Device04");
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_IdentityOnly_OtherKindsLeftOut()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var node = new ThingReference("Device01");
        var provider = new FakeThingProvider(new ThingNode(node, "meter"));
        provider.SetFields(node,
            DeviceHarness.Numeric("Temperature", 23.4, "°C", 1, Now),
            new Field("Serial", new StringValue("SN-1"), Now, ReadoutTypes.Identity),
            new Field("Model", new StringValue("M1"), Now, ReadoutTypes.Identity | ReadoutTypes.Status));
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='I1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='7' identity='true'/></iq>", ct);

        await d.ReadAsync(ct);
        var fields = await d.ReadMessageAsync(ct);
        CollectionAssert.AreEqual((string[])["Serial", "Model"],
            fields.Descendants(DeviceHarness.Sd + "string").Select(n => (string)n.Attribute("name")!).ToArray());
        Assert.IsFalse(fields.Descendants(DeviceHarness.Sd + "numeric").Any());
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_HistoricalWithRange_ValuesInsideTheRange()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var node = new ThingReference("Device01");
        var provider = new FakeThingProvider(new ThingNode(node, "meter"));
        var midnight = new DateTimeOffset(2013, 3, 7, 0, 0, 0, TimeSpan.Zero);
        provider.SetFields(node,
            DeviceHarness.Numeric("Temperature", 25.2, "°C", 1, midnight, ReadoutTypes.HistoricalHour | ReadoutTypes.HistoricalDay),
            DeviceHarness.Numeric("Temperature", 25.1, "°C", 1, midnight.AddHours(17), ReadoutTypes.HistoricalHour),
            DeviceHarness.Numeric("Temperature", 24.5, "°C", 1, midnight.AddHours(18), ReadoutTypes.HistoricalHour),
            DeviceHarness.Numeric("Temperature", 23.4, "°C", 1, Now));
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='H1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='8' historicalHour='true' "
            + "from='2013-03-07T12:00:00Z' to='2013-03-07T18:00:00Z'/></iq>", ct);

        await d.ReadAsync(ct);
        var fields = await d.ReadMessageAsync(ct);
        CollectionAssert.AreEqual((string[])["2013-03-07T17:00:00Z", "2013-03-07T18:00:00Z"],
            fields.Descendants(DeviceHarness.Sd + "timestamp").Select(t => (string)t.Attribute("value")!).ToArray());
        Assert.IsTrue(fields.Descendants(DeviceHarness.Sd + "numeric").All(n => (string?)n.Attribute("historicalHour") == "true"));
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_NodeIdInTwoDataSources_BothRead()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Concentrator(), ct);

        // XEP-0323 §4.9: an ambiguous nodeId is the set of all nodes with it.
        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='N1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='9'><node nodeId='Device04'/></req></iq>", ct);
        await d.ReadAsync(ct);
        var first = (await d.ReadMessageAsync(ct)).Element(DeviceHarness.Sd + "node")!;
        var second = (await d.ReadMessageAsync(ct)).Element(DeviceHarness.Sd + "node")!;
        Assert.AreEqual("Other", (string?)first.Attribute("sourceId"));
        Assert.AreEqual("Sensor", (string?)second.Attribute("cacheType"));

        // With the sourceId, only the one in that data source (the default one, for a node that names none).
        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='N2'><req xmlns='urn:xmpp:iot:sensordata' seqnr='10'>"
            + "<node nodeId='Device04' sourceId='MeteringTopology'/></req></iq>", ct);
        await d.ReadAsync(ct);
        var only = await d.ReadMessageAsync(ct);
        Assert.AreEqual("Sensor", (string?)only.Element(DeviceHarness.Sd + "node")?.Attribute("cacheType"));
        Assert.AreEqual("true", (string?)only.Attribute("done"));
        await d.AssertNothingSentAsync(ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_OnlyNodeFails_XepFailureWithDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var node = new ThingReference("Device01");
        var provider = new FakeThingProvider(new ThingNode(node, "meter"));
        provider.FailReads(node, "Timeout.");
        await using var d = await DeviceHarness.StartAsync(provider, ct, now: new DateTimeOffset(2013, 3, 7, 17, 13, 30, TimeSpan.Zero));

        // XEP-0323 §3.2, "Momentary read-out failure"
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='device@example.org' id='S0002'>"
            + "<req xmlns='urn:xmpp:iot:sensordata' seqnr='2' momentary='true'/></iq>", ct);

        Assert.AreEqual("<accepted seqnr=\"2\" xmlns=\"urn:xmpp:iot:sensordata\" />", Xml((await d.ReadAsync(ct)).Elements().Single()));
        Assert.AreEqual("<failure seqnr=\"2\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\">"
            + "<error nodeId=\"Device01\" timestamp=\"2013-03-07T17:13:30Z\">Timeout.</error></failure>", Xml(await d.ReadMessageAsync(ct)));
        await d.AssertNothingSentAsync(ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_FirstOfTwoNodesFails_FieldsOfOtherThenFailureDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = Concentrator();
        provider.FailReads(new ThingReference("Device02"), "CRC error on the bus.");
        provider.SetFields(new ThingReference("Device03", null, "Meter"), DeviceHarness.Numeric("Energy", 1.5, "kWh", 1, Now));
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='F2'><req xmlns='urn:xmpp:iot:sensordata' seqnr='20'>"
            + "<node nodeId='Device02'/><node nodeId='Device03'/></req></iq>", ct);

        await d.ReadAsync(ct);
        var fields = await d.ReadMessageAsync(ct);
        Assert.AreEqual(DeviceHarness.Sd + "fields", fields.Name);
        Assert.AreEqual("Device03", (string?)fields.Element(DeviceHarness.Sd + "node")?.Attribute("nodeId"));
        Assert.IsNull(fields.Attribute("done"), "a failure follows: the fields message is not the last");
        Assert.AreEqual("<failure seqnr=\"20\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\">"
            + "<error nodeId=\"Device02\" timestamp=\"2013-03-07T16:24:30Z\">CRC error on the bus.</error></failure>", Xml(await d.ReadMessageAsync(ct)));
        await d.AssertNothingSentAsync(ct);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_NodeFailsAfterSomeFields_FieldsKeptAndFailure()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var node = new ThingReference("Device01");
        var provider = new FakeThingProvider(new ThingNode(node, "meter"));
        provider.SetFields(node, DeviceHarness.Numeric("Voltage", 230.1, "V", 1, Now));
        provider.FailReads(node, "Current channel not responding.");
        await using var d = await DeviceHarness.StartAsync(provider, ct);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='F3'><req xmlns='urn:xmpp:iot:sensordata' seqnr='21'/></iq>", ct);

        await d.ReadAsync(ct);
        var fields = await d.ReadMessageAsync(ct);
        Assert.AreEqual("Voltage", (string?)fields.Descendants(DeviceHarness.Sd + "numeric").Single().Attribute("name"));
        Assert.IsNull(fields.Attribute("done"));
        var failure = await d.ReadMessageAsync(ct);
        Assert.AreEqual("Current channel not responding.", failure.Element(DeviceHarness.Sd + "error")?.Value);
        Assert.AreEqual("true", (string?)failure.Attribute("done"));
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_NodeReadTakesTooLong_TimeoutFailureAfterTheLimit()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = new StallingThingProvider(new ThingNode(new ThingReference("Device01"), "meter"));
        var h = new Edge.Testing.Xmpp.ClientHarness();
        await using var harness = h;
        h.Time.SetUtcNow(Now);
        await using var server = SensorDataServer.Register(h.Client, provider, new FakeAccessPolicy(),
            new SensorDataServerOptions { NodeReadTimeout = TimeSpan.FromSeconds(10) }, h.Time);
        await h.LoginAsync(ct);

        await h.Server.SendAsync("<iq type='get' from='client@example.org/amr' id='T1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='30'/></iq>", ct);
        await h.Server.ReadElementAsync(ct);
        await provider.Entered.WaitAsync(ct);
        h.Time.Advance(TimeSpan.FromSeconds(10));

        var failure = (await h.Server.ReadElementAsync(ct)).Elements().Single();
        Assert.AreEqual("<failure seqnr=\"30\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\">"
            + "<error nodeId=\"Device01\" timestamp=\"2013-03-07T16:24:40Z\">Timeout.</error></failure>", Xml(failure));
        Assert.IsTrue(await provider.Cancelled.WaitAsync(ct), "the provider's read is cancelled when the limit passes");
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Req_ProviderWithoutNodes_AcceptedThenDoneMessage()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(new FakeThingProvider(), ct);

        await d.SendAsync("<iq type='get' from='client@example.org/amr' id='E1'><req xmlns='urn:xmpp:iot:sensordata' seqnr='40'/></iq>", ct);

        Assert.AreEqual("result", (string?)(await d.ReadAsync(ct)).Attribute("type"));
        Assert.AreEqual("<done seqnr=\"40\" xmlns=\"urn:xmpp:iot:sensordata\" />", Xml(await d.ReadMessageAsync(ct)));
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task DiscoInfo_AfterRegister_AdvertisesSensorDataFeature()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(new FakeThingProvider(), ct);

        // XEP-0323 §4, "Service discovery information request"
        await d.SendAsync("<iq type='get' from='client@example.org/amr' to='device@example.org' id='disco1'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", ct);

        var answer = await d.ReadAsync(ct);
        XNamespace info = "http://jabber.org/protocol/disco#info";
        CollectionAssert.Contains(answer.Descendants(info + "feature").Select(f => (string?)f.Attribute("var")).ToList(), "urn:xmpp:iot:sensordata");
    }
}
