using System.Text;
using System.Xml.Linq;
using Edge.Agent.DemandResponse.OpenAdr;

namespace Edge.Agent.Tests.DemandResponse.OpenAdr;

[TestClass]
public sealed class OpenAdrReaderTests
{
    private static readonly DateTimeOffset Utc = new(2026, 12, 7, 17, 0, 0, TimeSpan.Zero);

    private static string Refused(string xml)
    {
        Assert.IsFalse(OpenAdrReader.TryParse(xml, out var message, out var error), "read where a refusal was due");
        Assert.IsNull(message);
        return error;
    }

    private static string Minimal(string find, string replace)
    {
        Assert.IsTrue(OpenAdrSamples.Minimal.Contains(find, StringComparison.Ordinal), $"the sample has no {find}");
        return OpenAdrSamples.Minimal.Replace(find, replace, StringComparison.Ordinal);
    }

    [TestMethod]
    public void TryParse_VtnPayload_ReadsEveryField()
    {
        Assert.IsTrue(OpenAdrReader.TryParse(OpenAdrSamples.VtnPayload, out var message, out var error), error);

        Assert.AreEqual("req-5d1c", message.RequestId);
        Assert.AreEqual("vtn.example.com", message.VtnId);
        Assert.AreEqual(2, message.Events.Count);

        OpenAdrEvent peak = message.Events[0];
        Assert.AreEqual("evt-2026-12-07-peak", peak.EventId);
        Assert.AreEqual(2u, peak.ModificationNumber);
        Assert.AreEqual(1u, peak.Priority);
        Assert.AreEqual("http://vtn.example.com/programs/critical-peak", peak.MarketContext);
        Assert.AreEqual(new DateTimeOffset(2026, 12, 6, 14, 0, 0, TimeSpan.Zero), peak.CreatedDateTime);
        Assert.AreEqual(OpenAdrEventStatus.Far, peak.EventStatus);
        Assert.IsFalse(peak.Test);
        Assert.AreEqual(Utc, peak.DtStart);
        Assert.AreEqual(TimeSpan.Zero, peak.DtStart.Offset);
        Assert.AreEqual(TimeSpan.FromHours(3), peak.Duration);
        Assert.AreEqual(TimeSpan.FromMinutes(10), peak.StartAfter, "xcal:tolerance/tolerate/startafter");
        Assert.AreEqual(TimeSpan.FromDays(1), peak.Notification);
        Assert.AreEqual(OpenAdrResponseRequired.Always, peak.ResponseRequired);
        CollectionAssert.AreEqual(new[] { "ven-edge-0042", "ven-edge-0043" }, peak.Target.VenIds.ToArray());
        CollectionAssert.AreEqual(new[] { "residential-north" }, peak.Target.GroupIds.ToArray());
        Assert.AreEqual(0, peak.Target.ResourceIds.Count + peak.Target.PartyIds.Count + peak.Target.OtherCriteria.Count);

        Assert.AreEqual(2, peak.Signals.Count);
        OpenAdrSignal simple = peak.Signals[0];
        Assert.AreEqual("SIMPLE", simple.SignalName);
        Assert.AreEqual("level", simple.SignalType);
        Assert.AreEqual("sig-simple", simple.SignalId);
        Assert.AreEqual(0.0, simple.CurrentValue);
        CollectionAssert.AreEqual(new[] { "0", "1", "2" }, simple.Intervals.Select(i => i.Uid).ToArray());
        CollectionAssert.AreEqual(new[] { TimeSpan.FromHours(1), TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(30) },
            simple.Intervals.Select(i => i.Duration).ToArray());
        CollectionAssert.AreEqual(new[] { 1.0, 2.0, 1.0 }, simple.Intervals.Select(i => i.Value).ToArray());
        OpenAdrSignal price = peak.Signals[1];
        Assert.AreEqual("ELECTRICITY_PRICE", price.SignalName);
        Assert.AreEqual("price", price.SignalType);
        Assert.IsNull(price.CurrentValue);
        CollectionAssert.AreEqual(new[] { 0.35, 0.52 }, price.Intervals.Select(i => i.Value).ToArray());

        OpenAdrEvent open = message.Events[1];
        Assert.AreEqual("evt-2026-12-06-open", open.EventId);
        Assert.AreEqual(0u, open.Priority, "absent priority is none");
        Assert.AreEqual(new DateTimeOffset(2026, 12, 6, 19, 45, 12, 500, TimeSpan.Zero), open.CreatedDateTime);
        Assert.AreEqual(OpenAdrEventStatus.Near, open.EventStatus);
        Assert.IsTrue(open.Test);
        Assert.IsTrue(open.IsOpenEnded);
        Assert.IsNull(open.StartAfter);
        Assert.IsNull(open.Notification);
        Assert.AreEqual(OpenAdrResponseRequired.Never, open.ResponseRequired);
        CollectionAssert.AreEqual(new[] { "heater-1" }, open.Target.ResourceIds.ToArray());
        CollectionAssert.AreEqual(new[] { "party-7" }, open.Target.PartyIds.ToArray());
    }

    [TestMethod]
    public void TryParse_BareDistributeEvent_Reads()
    {
        Assert.IsTrue(OpenAdrReader.TryParse(OpenAdrSamples.Minimal, out var message, out var error), error);

        OpenAdrEvent e = message.Events.Single();
        Assert.AreEqual("e1", e.EventId);
        Assert.AreEqual(OpenAdrEventStatus.Active, e.EventStatus);
        Assert.IsFalse(e.Test, "no testEvent");
        Assert.IsTrue(e.Target.IsEveryone);
        Assert.IsNull(e.Signals[0].Intervals[0].Uid);
    }

    [TestMethod]
    public void TryParse_SignedObjectWithoutPayload_Reads()
    {
        string signed = "<oadr:oadrSignedObject xmlns:oadr='http://openadr.org/oadr-2.0b/2012/07'>" + OpenAdrSamples.Minimal + "</oadr:oadrSignedObject>";

        Assert.IsTrue(OpenAdrReader.TryParse(signed, out var message, out var error), error);
        Assert.AreEqual("r1", message.RequestId);
    }

    [TestMethod]
    public void TryParse_BytesStreamAndElement_SameAsString()
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(OpenAdrSamples.VtnPayload);
        using var stream = new MemoryStream(utf8);

        Assert.IsTrue(OpenAdrReader.TryParse(utf8, out var fromBytes, out var e1), e1);
        Assert.IsTrue(OpenAdrReader.TryParse(stream, out var fromStream, out var e2), e2);
        Assert.IsTrue(OpenAdrReader.TryParse(XDocument.Parse(OpenAdrSamples.VtnPayload).Root!, out var fromElement, out var e3), e3);

        string expected = OpenAdrWriter.WriteString(fromBytes);
        Assert.AreEqual(expected, OpenAdrWriter.WriteString(fromStream));
        Assert.AreEqual(expected, OpenAdrWriter.WriteString(fromElement));
    }

    [TestMethod]
    public void TryParse_OpenLeadrShapes_Read()
    {
        // OpenLEADR 0.5 writes xcal properties under a default namespace, date-times with microseconds, a zero
        // duration (an open-ended event) as "P", and xcal:components empty rather than nil.
        string minimal = OpenAdrSamples.Minimal;
        int start = minimal.IndexOf("<xcal:properties>", StringComparison.Ordinal);
        int end = minimal.IndexOf("</xcal:properties>", StringComparison.Ordinal) + "</xcal:properties>".Length;
        string xml = minimal[..start] + """
            <properties xmlns="urn:ietf:params:xml:ns:icalendar-2.0">
              <dtstart><date-time>2026-12-06T11:00:00.000000Z</date-time></dtstart>
              <duration><duration>P</duration></duration>
              <tolerance><tolerate><startafter>PT5M</startafter></tolerate></tolerance>
            </properties>
            """ + minimal[end..];

        Assert.IsTrue(OpenAdrReader.TryParse(xml, out var message, out var error), error);
        OpenAdrEvent e = message.Events[0];
        Assert.AreEqual(new DateTimeOffset(2026, 12, 6, 11, 0, 0, TimeSpan.Zero), e.DtStart);
        Assert.IsTrue(e.IsOpenEnded);
        Assert.AreEqual(TimeSpan.FromMinutes(5), e.StartAfter);
    }

    [TestMethod]
    public void TryParse_TestEventAnythingButFalse_IsTest()
    {
        string xml = Minimal("<ei:eventStatus>active</ei:eventStatus>", "<ei:eventStatus>active</ei:eventStatus><ei:testEvent>yes</ei:testEvent>");

        Assert.IsTrue(OpenAdrReader.TryParse(xml, out var message, out var error), error);
        Assert.IsTrue(message.Events[0].Test, "oadr_ei_20b.xsd: anything other than false indicates a test event");
    }

    [TestMethod]
    public void TryParse_TargetWithGroupNameOnly_OtherCriteriaNotEveryone()
    {
        string xml = Minimal("<ei:eiTarget/>", "<ei:eiTarget><ei:groupName>north</ei:groupName></ei:eiTarget>");

        Assert.IsTrue(OpenAdrReader.TryParse(xml, out var message, out var error), error);
        OpenAdrTarget target = message.Events[0].Target;
        CollectionAssert.AreEqual(new[] { "groupName" }, target.OtherCriteria.ToArray());
        Assert.IsFalse(target.IsEveryone);
        Assert.IsFalse(target.Matches("ven-1", ["north"]), "a criterion the model cannot evaluate is not taken as a match");
    }

    [TestMethod]
    public void TryParse_NoEvents_ReadsEmptyDistribution()
    {
        string xml = OpenAdrSamples.Minimal[..OpenAdrSamples.Minimal.IndexOf("<oadr:oadrEvent>", StringComparison.Ordinal)] + "</oadr:oadrDistributeEvent>";

        Assert.IsTrue(OpenAdrReader.TryParse(xml, out var message, out var error), error);
        Assert.AreEqual(0, message.Events.Count, "oadrEvent is minOccurs=0: an empty distribution clears every event");
    }

    [TestMethod]
    [DataRow("<ei:eventID>e1</ei:eventID>", "", "oadr:oadrEvent #1: ei:eventDescriptor has no ei:eventID")]
    [DataRow("<ei:eventID>e1</ei:eventID>", "<ei:eventID> </ei:eventID>", "oadr:oadrEvent #1: ei:eventID is empty")]
    [DataRow("<pyld:requestID>r1</pyld:requestID>", "", "oadr:oadrDistributeEvent: oadr:oadrDistributeEvent has no pyld:requestID")]
    [DataRow("<ei:vtnID>vtn</ei:vtnID>", "", "has no ei:vtnID")]
    [DataRow("<ei:modificationNumber>0</ei:modificationNumber>", "<ei:modificationNumber>-1</ei:modificationNumber>",
        "event 'e1': ei:modificationNumber '-1' is not an unsigned integer")]
    [DataRow("<ei:eventStatus>active</ei:eventStatus>", "<ei:eventStatus>pending</ei:eventStatus>",
        "event 'e1': unknown ei:eventStatus 'pending' (expected none, far, near, active, completed or cancelled)")]
    [DataRow("<ei:eventStatus>active</ei:eventStatus>", "<ei:eventStatus>Active</ei:eventStatus>", "unknown ei:eventStatus 'Active'")]
    [DataRow("<ei:eventStatus>active</ei:eventStatus>", "<ei:eventStatus>canceled</ei:eventStatus>", "unknown ei:eventStatus 'canceled'")]
    [DataRow("<ei:eventStatus>active</ei:eventStatus>", "", "event 'e1': ei:eventDescriptor has no ei:eventStatus")]
    [DataRow("<ei:eiMarketContext><emix:marketContext>http://mc</emix:marketContext></ei:eiMarketContext>", "",
        "event 'e1': ei:eventDescriptor has no ei:eiMarketContext")]
    [DataRow("<ei:createdDateTime>2026-12-06T10:00:00Z</ei:createdDateTime>", "", "event 'e1': ei:eventDescriptor has no ei:createdDateTime")]
    [DataRow("<ei:createdDateTime>2026-12-06T10:00:00Z</ei:createdDateTime>", "<ei:createdDateTime>2026-12-06T10:00:00</ei:createdDateTime>",
        "bad xcal date-time '2026-12-06T10:00:00' in ei:createdDateTime: a date-time must be UTC, ending in 'Z'")]
    [DataRow("2026-12-06T11:00:00Z", "2026-12-06T11:00:00+01:00", "bad xcal date-time '2026-12-06T11:00:00+01:00' in xcal:dtstart")]
    [DataRow("2026-12-06T11:00:00Z", "2026-12-32T11:00:00Z", "bad xcal date-time '2026-12-32T11:00:00Z' in xcal:dtstart: not a date-time")]
    [DataRow(">PT2H<", ">P1X<",
        "event 'e1': bad xcal duration 'P1X' in xcal:duration: unknown unit 'X'")]
    [DataRow(">PT2H<", ">-PT1H<",
        "bad xcal duration '-PT1H' in xcal:duration: negative durations are not allowed")]
    [DataRow(">PT2H<", ">P1M<",
        "bad xcal duration 'P1M' in xcal:duration: years and months have no fixed length")]
    [DataRow("PT2H</xcal:duration></xcal:duration>",
        "PT2H</xcal:duration></xcal:duration><xcal:tolerance><xcal:tolerate><xcal:startafter>P1DT</xcal:startafter></xcal:tolerate></xcal:tolerance>",
        "bad xcal duration 'P1DT' in xcal:startafter: 'T' without hours, minutes or seconds")]
    [DataRow("<xcal:dtstart><xcal:date-time>2026-12-06T11:00:00Z</xcal:date-time></xcal:dtstart>", "", "event 'e1': xcal:properties has no xcal:dtstart")]
    [DataRow("<ei:value>2</ei:value>", "<ei:value>high</ei:value>",
        "event 'e1', signal #1, interval #1: ei:signalPayload value 'high' is not a finite number")]
    [DataRow("<ei:value>2</ei:value>", "<ei:value>NaN</ei:value>", "value 'NaN' is not a finite number")]
    [DataRow("<ei:value>2</ei:value>", "<ei:value>INF</ei:value>", "value 'INF' is not a finite number")]
    [DataRow("<ei:value>2</ei:value>", "<ei:value>1,5</ei:value>", "value '1,5' is not a finite number")]
    [DataRow("<ei:signalPayload><ei:payloadFloat><ei:value>2</ei:value></ei:payloadFloat></ei:signalPayload>", "",
        "event 'e1', signal #1, interval #1: ei:interval has no ei:signalPayload")]
    [DataRow("<xcal:duration><xcal:duration>PT1H</xcal:duration></xcal:duration>", "",
        "event 'e1', signal #1, interval #1: ei:interval has no xcal:duration")]
    [DataRow("<ei:signalName>SIMPLE</ei:signalName>", "", "event 'e1', signal #1: ei:eiEventSignal has no ei:signalName")]
    [DataRow("<ei:signalID>s1</ei:signalID>", "", "event 'e1', signal #1: ei:eiEventSignal has no ei:signalID")]
    [DataRow("<ei:signalType>level</ei:signalType>", "", "event 'e1', signal #1: ei:eiEventSignal has no ei:signalType")]
    [DataRow("<ei:eiTarget/>", "", "event 'e1': ei:eiEvent has no ei:eiTarget")]
    [DataRow("<ei:eiTarget/>", "<ei:eiTarget><ei:venID/></ei:eiTarget>", "event 'e1': ei:venID in ei:eiTarget is empty")]
    [DataRow("<oadr:oadrResponseRequired>always</oadr:oadrResponseRequired>", "", "event 'e1': oadr:oadrEvent has no oadr:oadrResponseRequired")]
    [DataRow("<oadr:oadrResponseRequired>always</oadr:oadrResponseRequired>", "<oadr:oadrResponseRequired>sometimes</oadr:oadrResponseRequired>",
        "event 'e1': oadr:oadrResponseRequired 'sometimes' is neither 'always' nor 'never'")]
    [DataRow("<ei:eiActivePeriod>", "<ei:eiActivePeriodX>", "malformed XML")]
    [DataRow("xmlns:ei=\"http://docs.oasis-open.org/ns/energyinterop/201110\"", "xmlns:ei=\"urn:other\"",
        "oadr:oadrDistributeEvent: oadr:oadrDistributeEvent has no ei:vtnID")]
    public void TryParse_BrokenMinimal_RefusedNamingTheProblem(string find, string replace, string expected)
    {
        StringAssert.Contains(Refused(Minimal(find, replace)), expected);
    }

    [TestMethod]
    public void TryParse_NoSignal_Refused()
    {
        string xml = OpenAdrSamples.Minimal;
        int start = xml.IndexOf("<ei:eiEventSignal>", StringComparison.Ordinal);
        int end = xml.IndexOf("</ei:eiEventSignal>", StringComparison.Ordinal) + "</ei:eiEventSignal>".Length;

        StringAssert.Contains(Refused(xml.Remove(start, end - start)), "event 'e1': ei:eiEventSignals has no ei:eiEventSignal");
    }

    [TestMethod]
    public void TryParse_MalformedXml_Refused()
    {
        StringAssert.StartsWith(Refused("<oadr:oadrDistributeEvent xmlns:oadr='http://openadr.org/oadr-2.0b/2012/07'>"), "malformed XML");
        StringAssert.StartsWith(Refused("not xml at all"), "malformed XML");
        StringAssert.StartsWith(Refused(""), "malformed XML");
        StringAssert.StartsWith(Refused("<a xmlns:p='urn:x'><p:b></a>"), "malformed XML");
    }

    [TestMethod]
    public void TryParse_Dtd_Refused()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <oadrDistributeEvent xmlns="http://openadr.org/oadr-2.0b/2012/07">&lol2;</oadrDistributeEvent>
            """;
        const string external = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <r>&x;</r>
            """;

        Assert.AreEqual("a DTD (<!DOCTYPE …>) is not allowed", Refused(laughs));
        Assert.AreEqual("a DTD (<!DOCTYPE …>) is not allowed", Refused(external));
        Assert.IsFalse(OpenAdrReader.TryParse(Encoding.UTF8.GetBytes(laughs), out _, out var error));
        Assert.AreEqual("a DTD (<!DOCTYPE …>) is not allowed", error);
    }

    [TestMethod]
    public void TryParse_Oversize_Refused()
    {
        string padding = new(' ', OpenAdrReader.MaxPayloadBytes);
        string big = OpenAdrSamples.Minimal.Replace("<ei:vtnID>", padding + "<ei:vtnID>", StringComparison.Ordinal);
        byte[] bytes = Encoding.UTF8.GetBytes(big);
        using var stream = new MemoryStream(bytes);

        Assert.AreEqual("the payload is larger than 262144 bytes", Refused(big));
        Assert.IsFalse(OpenAdrReader.TryParse(bytes, out _, out var fromBytes));
        Assert.IsFalse(OpenAdrReader.TryParse(stream, out _, out var fromStream));
        Assert.AreEqual("the payload is larger than 262144 bytes", fromBytes);
        Assert.AreEqual("the payload is larger than 262144 bytes", fromStream);
        Assert.AreEqual(OpenAdrReader.MaxPayloadBytes + 1, stream.Position, "the stream is read no further than the limit");
    }

    [TestMethod]
    public void TryParse_MultiByteCharactersOverLimit_Refused()
    {
        // Under the limit in characters, over it in UTF-8 bytes.
        string vtn = new('é', (OpenAdrReader.MaxPayloadBytes / 2) + 1);

        Assert.AreEqual("the payload is larger than 262144 bytes", Refused(Minimal("<ei:vtnID>vtn</ei:vtnID>", $"<ei:vtnID>{vtn}</ei:vtnID>")));
    }

    [TestMethod]
    public void TryParse_TooDeep_Refused()
    {
        string deep = string.Concat(Enumerable.Repeat("<a>", 40)) + string.Concat(Enumerable.Repeat("</a>", 40));

        Assert.AreEqual("the XML nests deeper than 32 elements", Refused(deep));
    }

    [TestMethod]
    public void TryParse_WrongRoot_Refused()
    {
        Assert.AreEqual("expected oadr:oadrPayload or oadr:oadrDistributeEvent, found oadrDistributeEvent (no namespace)",
            Refused("<oadrDistributeEvent/>"));
        Assert.AreEqual("expected oadr:oadrPayload or oadr:oadrDistributeEvent, found ei:eiEvent",
            Refused("<eiEvent xmlns='http://docs.oasis-open.org/ns/energyinterop/201110'/>"));
        Assert.AreEqual("oadr:oadrSignedObject carries oadr:oadrPoll, not oadr:oadrDistributeEvent",
            Refused("<oadrPayload xmlns='http://openadr.org/oadr-2.0b/2012/07'><oadrSignedObject><oadrPoll/></oadrSignedObject></oadrPayload>"));
        Assert.AreEqual("oadr:oadrPayload has no oadr:oadrSignedObject", Refused("<oadrPayload xmlns='http://openadr.org/oadr-2.0b/2012/07'/>"));
    }

    [TestMethod]
    public void TryParse_TooManyIntervals_Refused()
    {
        const string interval = "<ei:interval><xcal:duration><xcal:duration>PT5M</xcal:duration></xcal:duration>"
            + "<ei:signalPayload><ei:payloadFloat><ei:value>1</ei:value></ei:payloadFloat></ei:signalPayload></ei:interval>";
        string at288 = Minimal("<strm:intervals>", "<strm:intervals>" + string.Concat(Enumerable.Repeat(interval, OpenAdrReader.MaxIntervalsPerSignal - 1)));
        string at289 = Minimal("<strm:intervals>", "<strm:intervals>" + string.Concat(Enumerable.Repeat(interval, OpenAdrReader.MaxIntervalsPerSignal)));

        Assert.IsTrue(OpenAdrReader.TryParse(at288, out var message, out var error), error);
        Assert.AreEqual(288, message.Events[0].Signals[0].Intervals.Count);
        Assert.AreEqual("event 'e1', signal #1: more than 288 ei:interval elements", Refused(at289));
    }

    [TestMethod]
    public void TryParse_TooManyEvents_Refused()
    {
        string xml = OpenAdrSamples.Minimal;
        int start = xml.IndexOf("<oadr:oadrEvent>", StringComparison.Ordinal);
        int end = xml.IndexOf("</oadr:oadrEvent>", StringComparison.Ordinal) + "</oadr:oadrEvent>".Length;
        string one = xml[start..end];
        string many = string.Concat(Enumerable.Range(0, OpenAdrReader.MaxEvents + 1).Select(i => one.Replace(">e1<", $">e{i}<", StringComparison.Ordinal)));

        Assert.AreEqual("oadr:oadrDistributeEvent: more than 64 oadr:oadrEvent elements", Refused(xml[..start] + many + xml[end..]));
    }

    [TestMethod]
    public void TryParse_DuplicateEventId_Refused()
    {
        string xml = OpenAdrSamples.Minimal;
        int start = xml.IndexOf("<oadr:oadrEvent>", StringComparison.Ordinal);
        int end = xml.IndexOf("</oadr:oadrEvent>", StringComparison.Ordinal) + "</oadr:oadrEvent>".Length;

        Assert.AreEqual("oadr:oadrDistributeEvent: eventID 'e1' appears in more than one oadr:oadrEvent", Refused(xml.Insert(end, xml[start..end])));
    }

    [TestMethod]
    public void TryParse_LongBadValue_QuotedShort()
    {
        string error = Refused(Minimal("<ei:value>2</ei:value>", $"<ei:value>{new string('x', 10_000)}</ei:value>"));

        Assert.IsTrue(error.Length < 200, error);
        StringAssert.Contains(error, "…'");
    }

    [TestMethod]
    [DataRow("<?xml version=\"1.0\" encoding=\"bogus\"?><a/>")]
    [DataRow("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>")]
    [DataRow("<a>\u0001</a>")]
    [DataRow("<a>&#0;</a>")]
    [DataRow("<a>&unknown;</a>")]
    [DataRow("<a b='1' b='2'/>")]
    [DataRow("<p:a/>")]
    [DataRow("<a/><b/>")]
    [DataRow("<a><![CDATA[x]]></a>")]
    public void TryParse_OddInput_RefusedWithoutThrowing(string xml)
    {
        Assert.IsFalse(OpenAdrReader.TryParse(xml, out _, out var fromString));
        Assert.IsFalse(OpenAdrReader.TryParse(Encoding.UTF8.GetBytes(xml), out _, out var fromBytes));
        Assert.IsFalse(string.IsNullOrEmpty(fromString));
        Assert.IsFalse(string.IsNullOrEmpty(fromBytes));
    }

    [TestMethod]
    public void TryParse_MutatedGoldenBytes_NeverThrows()
    {
        // A seeded fuzz: flipped, dropped and truncated bytes of the golden payload; each read either succeeds or
        // refuses with a sentence.
        byte[] golden = Encoding.UTF8.GetBytes(OpenAdrSamples.VtnPayload);
        var random = new Random(2026);
        int refused = 0;
        for (int round = 0; round < 2_000; round++)
        {
            byte[] bytes = (byte[])golden.Clone();
            int length = round % 10 == 0 ? random.Next(bytes.Length) : bytes.Length;
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(length)] = (byte)random.Next(256);
            }

            if (!OpenAdrReader.TryParse(bytes.AsSpan(0, length), out var message, out var error))
            {
                Assert.IsFalse(string.IsNullOrEmpty(error));
                Assert.IsNull(message);
                refused++;
            }
        }

        Assert.IsTrue(refused > 1_000, $"most mutations break the payload ({refused} refused)");
    }

    [TestMethod]
    public void TryParse_Utf16WithByteOrderMark_Reads()
    {
        byte[] utf16 = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(OpenAdrSamples.Minimal)];

        Assert.IsTrue(OpenAdrReader.TryParse(utf16, out var message, out var error), error);
        Assert.AreEqual("e1", message.Events[0].EventId);
    }
}
