using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>The <c>req</c> element: the XEP-0323 §3 examples, every attribute, writing, and each malformed case.</summary>
[TestClass]
public sealed class ReadoutRequestTests
{
    private static ReadoutRequest Parse(string xml)
    {
        Assert.IsTrue(ReadoutRequest.TryParse(XElement.Parse(xml), out var request, out var error), error);
        return request;
    }

    [TestMethod]
    public void TryParse_XepMomentaryExample_SeqNrAndMomentaryOnly()
    {
        // XEP-0323 §3.1, "Read-out request of momentary values from a device"
        var request = Parse("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' momentary='true'/>");

        Assert.AreEqual(1, request.SeqNr);
        Assert.AreEqual(ReadoutTypes.Momentary, request.Types);
        Assert.IsEmpty(request.Nodes);
        Assert.IsEmpty(request.FieldNames);
        Assert.IsNull(request.From);
        Assert.IsNull(request.To);
        Assert.IsNull(request.When);
    }

    [TestMethod]
    public void TryParse_XepScheduledReadAll_AllKindsAndWhen()
    {
        // XEP-0323 §3.4, "Scheduled read-out of device with multiple responses" (a time without zone: UTC here)
        var request = Parse("<req xmlns='urn:xmpp:iot:sensordata' seqnr='4' all='true' when='2013-03-07T19:00:00'/>");

        Assert.AreEqual(ReadoutTypes.All, request.Types);
        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 19, 0, 0, TimeSpan.Zero), request.When);
    }

    [TestMethod]
    public void TryParse_XepSpecificFields_NodesAndFieldNames()
    {
        // XEP-0323 §3.6, "Read-out of specific fields"
        var request = Parse("<req xmlns='urn:xmpp:iot:sensordata' seqnr='6' momentary='true'>"
            + "<node nodeId='Device04'/><field name='Energy'/><field name='Power'/></req>");

        Assert.AreEqual(new ThingReference("Device04"), request.Nodes.Single());
        CollectionAssert.AreEqual((string[])["Energy", "Power"], request.FieldNames.ToArray());
        var filter = request.ToFilter();
        Assert.IsTrue(filter.FieldNames!.SetEquals(["Energy", "Power"]));
        Assert.AreEqual(ReadoutTypes.Momentary, filter.Types);
    }

    [TestMethod]
    public void TryParse_NodeAddressAndTokens_AllRead()
    {
        var request = Parse("<req xmlns='urn:xmpp:iot:sensordata' seqnr='7' serviceToken='svc' deviceToken='dev' userToken='usr'>"
            + "<node nodeId='Device03' sourceId='MeteringTopology' cacheType='Meter'/><node nodeId='Device03' sourceId='MeteringTopology' cacheType='Meter'/></req>");

        Assert.AreEqual(new ThingReference("Device03", "MeteringTopology", "Meter"), request.Nodes.Single(), "duplicates collapse");
        Assert.AreEqual("svc", request.ServiceToken);
        Assert.AreEqual("dev", request.DeviceToken);
        Assert.AreEqual("usr", request.UserToken);
        Assert.AreEqual(ReadoutTypes.None, request.Types);
        Assert.AreEqual(ReadoutTypes.All, request.ToFilter().Types, "no kind named = every kind");
    }

    [TestMethod]
    public void TryParse_HistoricalWithRange_EveryHistoricalKindAndRange()
    {
        var request = Parse("<req xmlns='urn:xmpp:iot:sensordata' seqnr='9' historical='true' from='2013-03-07T00:00:00+01:00' to='2013-03-07T23:00:00Z'/>");

        Assert.AreEqual(ReadoutTypes.Historical, request.Types);
        Assert.AreEqual(new DateTimeOffset(2013, 3, 6, 23, 0, 0, TimeSpan.Zero), request.From);
        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 23, 0, 0, TimeSpan.Zero), request.To);
    }

    [TestMethod]
    public void TryParse_EachKindAttribute_ItsFlag()
    {
        foreach (var (flag, name) in FieldsElement.TypeNames)
        {
            var other = name == "computed" ? "status" : "computed";
            var request = Parse($"<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' {name}='1' {other}='false'/>");
            Assert.AreEqual(flag, request.Types, name);
        }

        // XEP-0323 §3.4's example writes the older 'identification' for identity.
        Assert.AreEqual(ReadoutTypes.Identity, Parse("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' identification='true'/>").Types);
    }

    [TestMethod]
    public void TryParse_UnzonedWhenWithZone_ReadInThatZone()
    {
        // slixmpp 1.8.3 writes 'when' as strftime("%Y-%m-%dT%H:%M:%S"): local time, no zone.
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("Test+02", TimeSpan.FromHours(2), "Test+02", "Test+02");

        Assert.IsTrue(ReadoutRequest.TryParse(XElement.Parse("<req xmlns='urn:xmpp:iot:sensordata' seqnr='2' when='2013-04-05T15:00:03' momentary='true'/>"),
            plusTwo, out var request, out var error), error);

        Assert.AreEqual(new DateTimeOffset(2013, 4, 5, 13, 0, 3, TimeSpan.Zero), request.When);
    }

    [TestMethod]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' momentary='true'/>", "no 'seqnr' attribute")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='abc'/>", "must be an xs:int; got 'abc'")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='99999999999'/>", "must be an xs:int; got '99999999999'")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' momentary='yes'/>", "'momentary' attribute of <req/> must be an xs:boolean")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' all='TRUE'/>", "'all' attribute of <req/> must be an xs:boolean")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' from='2013-13-07T00:00:00'/>", "'from' attribute of <req/> must be an xs:dateTime")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' to='2013-03-07'/>", "'to' attribute of <req/> must be an xs:dateTime")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' when='tomorrow'/>", "'when' attribute of <req/> must be an xs:dateTime (e.g. 2013-03-07T19:00:00Z); got 'tomorrow'")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1' from='2013-03-08T00:00:00Z' to='2013-03-07T00:00:00Z'/>", "starts ('from' 2013-03-08T00:00:00Z) after it ends ('to' 2013-03-07T00:00:00Z)")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node sourceId='MeteringTopology'/></req>", "<node/> in <req/> has no 'nodeId'")]
    [DataRow("<req xmlns='urn:xmpp:iot:sensordata' seqnr='1'><field/></req>", "<field/> in <req/> has no 'name'")]
    [DataRow("<req xmlns='urn:xmpp:iot:sn' seqnr='1'/>", "Expected <req xmlns='urn:xmpp:iot:sensordata'/>")]
    public void TryParse_Malformed_FalseWithPreciseError(string xml, string expected)
    {
        Assert.IsFalse(ReadoutRequest.TryParse(XElement.Parse(xml), out var request, out var error));
        Assert.IsNull(request);
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    public void ToElement_EveryPart_GoldenXml()
    {
        var request = new ReadoutRequest(5, ReadoutTypes.Momentary | ReadoutTypes.Peak | ReadoutTypes.HistoricalDay,
            [new ThingReference("Device02"), new ThingReference("Device03", "MeteringTopology", "Meter")], ["Energy"],
            from: new DateTimeOffset(2013, 3, 7, 0, 0, 0, TimeSpan.FromHours(1)), to: new DateTimeOffset(2013, 3, 7, 23, 0, 0, TimeSpan.Zero),
            when: new DateTimeOffset(2013, 3, 8, 6, 30, 0, TimeSpan.Zero))
        {
            ServiceToken = "svc",
        };

        Assert.AreEqual(
            "<req seqnr=\"5\" momentary=\"true\" peak=\"true\" historicalDay=\"true\" from=\"2013-03-06T23:00:00Z\" to=\"2013-03-07T23:00:00Z\" "
            + "when=\"2013-03-08T06:30:00Z\" serviceToken=\"svc\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"Device02\" />"
            + "<node nodeId=\"Device03\" sourceId=\"MeteringTopology\" cacheType=\"Meter\" /><field name=\"Energy\" /></req>",
            request.ToElement().ToString(SaveOptions.DisableFormatting));
    }

    [TestMethod]
    public void ToElement_AllAndHistorical_ShortForms()
    {
        Assert.AreEqual("<req seqnr=\"1\" all=\"true\" xmlns=\"urn:xmpp:iot:sensordata\" />",
            new ReadoutRequest(1, ReadoutTypes.All).ToElement().ToString(SaveOptions.DisableFormatting));
        Assert.AreEqual("<req seqnr=\"2\" identity=\"true\" historical=\"true\" xmlns=\"urn:xmpp:iot:sensordata\" />",
            new ReadoutRequest(2, ReadoutTypes.Historical | ReadoutTypes.Identity).ToElement().ToString(SaveOptions.DisableFormatting));
        Assert.AreEqual("<req seqnr=\"3\" xmlns=\"urn:xmpp:iot:sensordata\" />",
            new ReadoutRequest(3).ToElement().ToString(SaveOptions.DisableFormatting));
    }

    [TestMethod]
    public void ToElement_ThenTryParse_SameRequest()
    {
        var original = new ReadoutRequest(-12, ReadoutTypes.Status | ReadoutTypes.Historical | ReadoutTypes.Computed,
            [new ThingReference("a", "s", "c")], ["x", "y"], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 3, 4, 5, 6, 789, TimeSpan.Zero))
        {
            DeviceToken = "d",
            UserToken = "u",
        };

        var parsed = Parse(original.ToElement().ToString());

        Assert.AreEqual(original.SeqNr, parsed.SeqNr);
        Assert.AreEqual(original.Types, parsed.Types);
        CollectionAssert.AreEqual(original.Nodes.ToArray(), parsed.Nodes.ToArray());
        CollectionAssert.AreEqual(original.FieldNames.ToArray(), parsed.FieldNames.ToArray());
        Assert.AreEqual(original.From, parsed.From);
        Assert.AreEqual(original.To, parsed.To);
        Assert.AreEqual(original.When, parsed.When);
        Assert.AreEqual("d", parsed.DeviceToken);
        Assert.AreEqual("u", parsed.UserToken);
        Assert.IsNull(parsed.ServiceToken);
    }

    [TestMethod]
    public void Constructor_FromAfterTo_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new ReadoutRequest(1, from: DateTimeOffset.UnixEpoch.AddDays(1), to: DateTimeOffset.UnixEpoch));
    }
}
