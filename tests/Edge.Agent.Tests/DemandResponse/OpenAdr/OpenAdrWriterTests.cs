using System.Xml.Linq;
using Edge.Agent.DemandResponse.OpenAdr;

namespace Edge.Agent.Tests.DemandResponse.OpenAdr;

[TestClass]
public sealed class OpenAdrWriterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 17, 0, 0, TimeSpan.Zero);

    /// <summary>The element tree without namespace declarations (prefix choice is free) or whitespace.</summary>
    private static XElement Normalized(XElement element)
    {
        var copy = new XElement(element);
        copy.DescendantsAndSelf().Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        return copy;
    }

    private static OpenAdrEvent Event(string id = "e1", TimeSpan? duration = null, IReadOnlyList<OpenAdrSignal>? signals = null,
        OpenAdrTarget? target = null) => new()
        {
            EventId = id,
            ModificationNumber = 3,
            MarketContext = "http://mc",
            CreatedDateTime = Start.AddDays(-1),
            EventStatus = OpenAdrEventStatus.Far,
            DtStart = Start,
            Duration = duration ?? TimeSpan.FromHours(1),
            Signals = signals ?? [Simple(new OpenAdrInterval { Uid = "0", Duration = TimeSpan.FromHours(1), Value = 2 })],
            Target = target ?? new OpenAdrTarget { VenIds = ["ven-1"] },
        };

    private static OpenAdrSignal Simple(params OpenAdrInterval[] intervals) =>
        new() { SignalName = "SIMPLE", SignalType = "level", SignalId = "s1", Intervals = intervals };

    [TestMethod]
    public void WritePayload_VtnPayloadReadBack_EqualsGoldenXml()
    {
        XElement golden = XDocument.Parse(OpenAdrSamples.VtnPayload).Root!;
        Assert.IsTrue(OpenAdrReader.TryParse(golden, out var message, out var error), error);

        XElement written = OpenAdrWriter.WritePayload(message);

        Assert.IsTrue(XNode.DeepEquals(Normalized(golden), Normalized(written)),
            "schema element order, values and structure as in the golden payload:\n" + written);
    }

    [TestMethod]
    public void WriteString_TwoEvents_SameTextAsXmlWriterGaveIndentedOrNot()
    {
        var message = new OpenAdrDistributeEvent
        {
            RequestId = "r1", VtnId = "vtn", Events = [Event(), Event("e2", signals: [Simple(
                new OpenAdrInterval { Uid = "0", Duration = TimeSpan.FromMinutes(30), Value = 1 },
                new OpenAdrInterval { Uid = "1", Duration = TimeSpan.FromMinutes(30), Value = 3 })])],
        };
        XElement element = OpenAdrWriter.Write(message);

        Assert.AreEqual(element.ToString(SaveOptions.DisableFormatting), OpenAdrWriter.WriteString(message));
        Assert.AreEqual(element.ToString().ReplaceLineEndings("\n"), Edge.Xmpp.XmlMarkup.ToText(element, indent: true),
            "edge dr event --dry-run prints this");
    }

    [TestMethod]
    public void WriteString_OneEvent_GoldenXml()
    {
        var message = new OpenAdrDistributeEvent { RequestId = "r1", VtnId = "vtn", Events = [Event()] };

        string xml = OpenAdrWriter.WriteString(message);

        Assert.AreEqual("<oadr:oadrDistributeEvent ei:schemaVersion=\"2.0b\""
            + " xmlns:oadr=\"http://openadr.org/oadr-2.0b/2012/07\" xmlns:pyld=\"http://docs.oasis-open.org/ns/energyinterop/201110/payloads\""
            + " xmlns:ei=\"http://docs.oasis-open.org/ns/energyinterop/201110\" xmlns:emix=\"http://docs.oasis-open.org/ns/emix/2011/06\""
            + " xmlns:xcal=\"urn:ietf:params:xml:ns:icalendar-2.0\" xmlns:strm=\"urn:ietf:params:xml:ns:icalendar-2.0:stream\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<pyld:requestID>r1</pyld:requestID><ei:vtnID>vtn</ei:vtnID>"
            + "<oadr:oadrEvent><ei:eiEvent>"
            + "<ei:eventDescriptor><ei:eventID>e1</ei:eventID><ei:modificationNumber>3</ei:modificationNumber>"
            + "<ei:eiMarketContext><emix:marketContext>http://mc</emix:marketContext></ei:eiMarketContext>"
            + "<ei:createdDateTime>2026-12-06T17:00:00Z</ei:createdDateTime><ei:eventStatus>far</ei:eventStatus>"
            + "<ei:testEvent>false</ei:testEvent></ei:eventDescriptor>"
            + "<ei:eiActivePeriod><xcal:properties><xcal:dtstart><xcal:date-time>2026-12-07T17:00:00Z</xcal:date-time></xcal:dtstart>"
            + "<xcal:duration><xcal:duration>PT1H</xcal:duration></xcal:duration></xcal:properties>"
            + "<xcal:components xsi:nil=\"true\" /></ei:eiActivePeriod>"
            + "<ei:eiEventSignals><ei:eiEventSignal><strm:intervals><ei:interval>"
            + "<xcal:duration><xcal:duration>PT1H</xcal:duration></xcal:duration><xcal:uid><xcal:text>0</xcal:text></xcal:uid>"
            + "<ei:signalPayload><ei:payloadFloat><ei:value>2</ei:value></ei:payloadFloat></ei:signalPayload>"
            + "</ei:interval></strm:intervals>"
            + "<ei:signalName>SIMPLE</ei:signalName><ei:signalType>level</ei:signalType><ei:signalID>s1</ei:signalID>"
            + "</ei:eiEventSignal></ei:eiEventSignals>"
            + "<ei:eiTarget><ei:venID>ven-1</ei:venID></ei:eiTarget>"
            + "</ei:eiEvent><oadr:oadrResponseRequired>always</oadr:oadrResponseRequired></oadr:oadrEvent>"
            + "</oadr:oadrDistributeEvent>", xml);
    }

    [TestMethod]
    public void Write_EveryField_RoundTripsThroughReader()
    {
        var message = new OpenAdrDistributeEvent
        {
            RequestId = "req-9",
            VtnId = "vtn-a",
            Events =
            [
                new OpenAdrEvent
                {
                    EventId = "evt <&> \"1\"",
                    ModificationNumber = uint.MaxValue,
                    Priority = 4,
                    MarketContext = "http://mc/a?b=c&d=e",
                    CreatedDateTime = new DateTimeOffset(2026, 12, 6, 1, 2, 3, 456, TimeSpan.Zero),
                    EventStatus = OpenAdrEventStatus.Cancelled,
                    Test = true,
                    DtStart = Start,
                    Duration = new TimeSpan(1, 2, 3, 4),
                    StartAfter = TimeSpan.FromMinutes(15),
                    Notification = TimeSpan.FromHours(12),
                    Signals =
                    [
                        new OpenAdrSignal
                        {
                            SignalName = "LOAD_CONTROL",
                            SignalType = "x-loadControlCapacity",
                            SignalId = "",
                            CurrentValue = -0.125,
                            Intervals =
                            [
                                new OpenAdrInterval { Duration = TimeSpan.FromSeconds(1), Value = 1e-7 },
                                new OpenAdrInterval { Uid = "b", Duration = TimeSpan.Zero, Value = 123456789.5 },
                            ],
                        },
                    ],
                    Target = new OpenAdrTarget { VenIds = ["v1", "v2"], GroupIds = ["g"], ResourceIds = ["r"], PartyIds = ["p"] },
                    ResponseRequired = OpenAdrResponseRequired.Never,
                },
                Event("second", duration: TimeSpan.Zero, target: OpenAdrTarget.Everyone),
            ],
        };

        string first = OpenAdrWriter.WriteString(message);
        Assert.IsTrue(OpenAdrReader.TryParse(first, out var read, out var error), error);
        Assert.IsTrue(OpenAdrReader.TryParse(OpenAdrWriter.WritePayload(message).ToString(), out var readPayload, out error), error);

        Assert.AreEqual(first, OpenAdrWriter.WriteString(read));
        Assert.AreEqual(first, OpenAdrWriter.WriteString(readPayload));
        OpenAdrEvent e = read.Events[0];
        Assert.AreEqual("evt <&> \"1\"", e.EventId);
        Assert.AreEqual(uint.MaxValue, e.ModificationNumber);
        Assert.AreEqual(4u, e.Priority);
        Assert.AreEqual("http://mc/a?b=c&d=e", e.MarketContext);
        Assert.AreEqual(message.Events[0].CreatedDateTime, e.CreatedDateTime);
        Assert.AreEqual(OpenAdrEventStatus.Cancelled, e.EventStatus);
        Assert.IsTrue(e.Test);
        Assert.AreEqual(new TimeSpan(1, 2, 3, 4), e.Duration);
        Assert.AreEqual(TimeSpan.FromMinutes(15), e.StartAfter);
        Assert.AreEqual(TimeSpan.FromHours(12), e.Notification);
        Assert.AreEqual(-0.125, e.Signals[0].CurrentValue);
        Assert.AreEqual(1e-7, e.Signals[0].Intervals[0].Value);
        Assert.IsNull(e.Signals[0].Intervals[0].Uid);
        Assert.AreEqual(123456789.5, e.Signals[0].Intervals[1].Value);
        Assert.AreEqual(OpenAdrResponseRequired.Never, e.ResponseRequired);
        CollectionAssert.AreEqual(new[] { "v1", "v2" }, e.Target.VenIds.ToArray());
        Assert.IsTrue(read.Events[1].Target.IsEveryone);
        Assert.IsTrue(read.Events[1].IsOpenEnded);
    }

    [TestMethod]
    public void Write_EveryStatus_ReadsBack()
    {
        foreach (OpenAdrEventStatus status in Enum.GetValues<OpenAdrEventStatus>())
        {
            OpenAdrEvent e = Event();
            var message = new OpenAdrDistributeEvent { RequestId = "r", VtnId = "v", Events = [new OpenAdrEvent
            {
                EventId = e.EventId, MarketContext = e.MarketContext, CreatedDateTime = e.CreatedDateTime, EventStatus = status,
                DtStart = e.DtStart, Duration = e.Duration, Signals = e.Signals,
            }] };

            Assert.IsTrue(OpenAdrReader.TryParse(OpenAdrWriter.WriteString(message), out var read, out var error), error);
            Assert.AreEqual(status, read.Events[0].EventStatus);
        }
    }

    [TestMethod]
    public void Write_ModelTheReaderWouldRefuse_Throws()
    {
        static void Throws(OpenAdrEvent e) =>
            Assert.ThrowsExactly<ArgumentException>(() => OpenAdrWriter.Write(new OpenAdrDistributeEvent { RequestId = "r", VtnId = "v", Events = [e] }));
        static void OutOfRange(OpenAdrEvent e) =>
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => OpenAdrWriter.Write(new OpenAdrDistributeEvent { RequestId = "r", VtnId = "v", Events = [e] }));

        Throws(Event(id: ""));
        Throws(Event(signals: []));
        Throws(Event(signals: [Simple()]));
        Throws(Event(target: new OpenAdrTarget { VenIds = [""] }));
        OutOfRange(Event(duration: TimeSpan.FromHours(-1)));
        OutOfRange(Event(duration: TimeSpan.FromMilliseconds(1500)));
        OutOfRange(Event(signals: [Simple(new OpenAdrInterval { Duration = TimeSpan.FromHours(1), Value = double.NaN })]));
        OutOfRange(Event(signals: [Simple(new OpenAdrInterval { Duration = TimeSpan.FromHours(1), Value = double.PositiveInfinity })]));
        Assert.ThrowsExactly<ArgumentException>(() =>
            OpenAdrWriter.Write(new OpenAdrDistributeEvent { RequestId = "r", VtnId = "v", Events = [Event("x"), Event("x")] }));
    }
}
