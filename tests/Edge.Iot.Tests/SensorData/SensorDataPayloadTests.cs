using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>Golden XML for <c>failure</c>, <c>accepted</c>, <c>started</c>, <c>done</c>, <c>cancel</c>, <c>cancelled</c>.</summary>
[TestClass]
public sealed class SensorDataPayloadTests
{
    private static string Xml(XElement element) => element.ToString(SaveOptions.DisableFormatting);

    [TestMethod]
    public void FailureTryParse_XepExample_NodeTimestampAndText()
    {
        // XEP-0323 §3.2, "Momentary read-out failure"
        var xml = XElement.Parse("""
            <failure xmlns='urn:xmpp:iot:sensordata' seqnr='2' done='true'>
              <error nodeId='Device01' timestamp='2013-03-07T17:13:30'>Timeout.</error>
            </failure>
            """);

        Assert.IsTrue(FailureMessage.TryParse(xml, out var failure, out var error), error);

        Assert.AreEqual(2, failure.SeqNr);
        Assert.IsTrue(failure.Done);
        Assert.AreEqual(new ReadoutError(new ThingReference("Device01"), new DateTimeOffset(2013, 3, 7, 17, 13, 30, TimeSpan.Zero), "Timeout."),
            failure.Errors.Single());
    }

    [TestMethod]
    public void FailureToElement_TwoNodes_GoldenXmlAndRoundTrip()
    {
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 5, TimeSpan.Zero);
        var failure = new FailureMessage(9, [
            new ReadoutError(new ThingReference("Device02", "MeteringTopology", "Meter"), at, "Timeout."),
            new ReadoutError(new ThingReference("Device03"), at, "CRC error <3>"),
        ], done: true);

        var xml = Xml(failure.ToElement());

        Assert.AreEqual("<failure seqnr=\"9\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\">"
            + "<error nodeId=\"Device02\" sourceId=\"MeteringTopology\" cacheType=\"Meter\" timestamp=\"2026-11-23T09:00:05Z\">Timeout.</error>"
            + "<error nodeId=\"Device03\" timestamp=\"2026-11-23T09:00:05Z\">CRC error &lt;3&gt;</error></failure>", xml);
        Assert.IsTrue(FailureMessage.TryParse(XElement.Parse(xml), out var parsed, out var error), error);
        CollectionAssert.AreEqual(failure.Errors.ToArray(), parsed.Errors.ToArray());
    }

    [TestMethod]
    public void FailureTryParse_SlixmppShapesAndOddTimestamp_Lenient()
    {
        // slixmpp 1.8.3's device: timestamp = datetime.now().replace(microsecond=0).isoformat(), local, no zone.
        var plusOne = TimeZoneInfo.CreateCustomTimeZone("Test+01", TimeSpan.FromHours(1), "Test+01", "Test+01");
        var slixmpp = XElement.Parse("<failure xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"2\" done=\"true\"><error nodeId=\"Device01\" timestamp=\"2013-03-07T17:13:30\">Timeout</error></failure>");
        var odd = XElement.Parse("<failure xmlns='urn:xmpp:iot:sensordata' seqnr='3'><error nodeId='n' timestamp='just now'>Broken</error></failure>");

        Assert.IsTrue(FailureMessage.TryParse(slixmpp, plusOne, out var a, out var e1), e1);
        Assert.IsTrue(FailureMessage.TryParse(odd, out var b, out var e2), e2);

        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 16, 13, 30, TimeSpan.Zero), a.Errors[0].Timestamp);
        Assert.IsNull(b.Errors[0].Timestamp, "the schema types it xs:string: kept as unknown, not an error");
        Assert.IsFalse(b.Done);
    }

    [TestMethod]
    public void FailureTryParse_ErrorWithoutNodeId_False()
    {
        Assert.IsFalse(FailureMessage.TryParse(XElement.Parse("<failure xmlns='urn:xmpp:iot:sensordata' seqnr='3'><error timestamp=''>x</error></failure>"),
            out _, out var error));
        StringAssert.Contains(error, "<error/> in <failure/> has no 'nodeId'");
    }

    [TestMethod]
    public void Accepted_GoldenXmlAndParse()
    {
        Assert.AreEqual("<accepted seqnr=\"1\" xmlns=\"urn:xmpp:iot:sensordata\" />", Xml(new ReadoutAccepted(1).ToElement()));
        Assert.AreEqual("<accepted seqnr=\"4\" queued=\"true\" xmlns=\"urn:xmpp:iot:sensordata\" />", Xml(new ReadoutAccepted(4, Queued: true).ToElement()));

        Assert.IsTrue(ReadoutAccepted.TryParse(XElement.Parse("<accepted xmlns='urn:xmpp:iot:sensordata' seqnr='4' queued='true'/>"), out var accepted, out var error), error);
        Assert.AreEqual(new ReadoutAccepted(4, true), accepted);
        Assert.IsFalse(ReadoutAccepted.TryParse(XElement.Parse("<accepted xmlns='urn:xmpp:iot:sensordata' queued='true'/>"), out _, out error));
        StringAssert.Contains(error, "no 'seqnr'");
    }

    [TestMethod]
    public void Signal_EachKind_GoldenXmlAndParseBack()
    {
        var cases = new (ReadoutSignalKind Kind, string Xml)[]
        {
            (ReadoutSignalKind.Started, "<started seqnr=\"4\" xmlns=\"urn:xmpp:iot:sensordata\" />"),
            (ReadoutSignalKind.Done, "<done seqnr=\"4\" xmlns=\"urn:xmpp:iot:sensordata\" />"),
            (ReadoutSignalKind.Cancel, "<cancel seqnr=\"4\" xmlns=\"urn:xmpp:iot:sensordata\" />"),
            (ReadoutSignalKind.Cancelled, "<cancelled seqnr=\"4\" xmlns=\"urn:xmpp:iot:sensordata\" />"),
        };

        foreach (var (kind, xml) in cases)
        {
            Assert.AreEqual(xml, Xml(new ReadoutSignal(kind, 4).ToElement()));
            Assert.IsTrue(ReadoutSignal.TryParse(XElement.Parse(xml), out var parsed, out var error), error);
            Assert.AreEqual(new ReadoutSignal(kind, 4), parsed);
        }
    }

    [TestMethod]
    public void SignalTryParse_OtherElementOrBadSeqNr_False()
    {
        Assert.IsFalse(ReadoutSignal.TryParse(XElement.Parse("<rejected xmlns='urn:xmpp:iot:sensordata' seqnr='1'/>"), out _, out var error));
        StringAssert.Contains(error, "is not an XEP-0323 started, done, cancel or cancelled element");
        Assert.IsFalse(ReadoutSignal.TryParse(XElement.Parse("<cancel xmlns='urn:xmpp:iot:sensordata' seqnr='8x'/>"), out _, out error));
        StringAssert.Contains(error, "The 'seqnr' of <cancel/> must be an xs:int; got '8x'");
    }
}
