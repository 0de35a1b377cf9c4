using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>Reading <c>fields</c> back into the model: the XEP-0323 examples, every value kind, round trips, errors.</summary>
[TestClass]
public sealed class FieldsMessageTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 23, 9, 0, 5, 123, TimeSpan.Zero);

    private static FieldsMessage Parse(string xml, TimeZoneInfo? unzoned = null)
    {
        Assert.IsTrue(FieldsMessage.TryParse(XElement.Parse(xml), unzoned ?? TimeZoneInfo.Utc, out var message, out var error), error);
        return message;
    }

    private static Field ParseField(string xml)
    {
        Assert.IsTrue(FieldsElement.TryParseField(XElement.Parse(xml), T, TimeZoneInfo.Utc, out var field, out var error), error);
        return field;
    }

    [TestMethod]
    public void TryParse_XepMomentaryResponse_NodeTimestampAndNumericWithDecimals()
    {
        // XEP-0323 §3.1, "Momentary read-out response"
        var message = Parse("""
            <fields xmlns='urn:xmpp:iot:sensordata' seqnr='1' done='true'>
              <node nodeId='Device01'>
                <timestamp value='2013-03-07T16:24:30'>
                  <numeric name='Temperature' momentary='true' automaticReadout='true' value='23.4' unit='°C'/>
                </timestamp>
              </node>
            </fields>
            """);

        Assert.AreEqual(1, message.SeqNr);
        Assert.IsTrue(message.Done);
        var reading = message.Nodes.Single();
        Assert.AreEqual(new ThingReference("Device01"), reading.Node);
        var at = new DateTimeOffset(2013, 3, 7, 16, 24, 30, TimeSpan.Zero);
        Assert.AreEqual(at, reading.Timestamp);
        Assert.AreEqual(new Field("Temperature", new NumericValue(23.4, "°C", 1), at, ReadoutTypes.Momentary, FieldQoS.AutomaticReadout),
            reading.Fields.Single());
    }

    [TestMethod]
    public void TryParse_XepReadAllMessages_KindsIdentificationAndHistoricalTimestamps()
    {
        // XEP-0323 §3.4, first and third fields messages (no done: more follow)
        var first = Parse("""
            <fields xmlns='urn:xmpp:iot:sensordata' seqnr='4'>
              <node nodeId='Device01'>
                <timestamp value='2013-03-07T19:00:00'>
                  <numeric name='Temperature' momentary='true' automaticReadout='true' value='23.4' unit='°C'/>
                  <numeric name='Runtime' status='true' automaticReadout='true' value='12345' unit='h'/>
                  <string name='Device ID' identification='true' automaticReadout='true' value='Device01'/>
                </timestamp>
              </node>
            </fields>
            """);
        var third = Parse("""
            <fields xmlns='urn:xmpp:iot:sensordata' seqnr='4'>
              <node nodeId='Device01'>
                <timestamp value='2013-03-07T18:00:00'>
                  <numeric name='Temperature' historicalHour='true' automaticReadout='true' value='24.5' unit='°C'/>
                </timestamp>
                <timestamp value='2013-03-07T17:00:00'>
                  <numeric name='Temperature' historicalHour='true' automaticReadout='true' value='25.1' unit='°C'/>
                </timestamp>
                <timestamp value='2013-03-07T00:00:00'>
                  <numeric name='Temperature' historicalHour='true' historicalDay='true' automaticReadout='true' value='25.2' unit='°C'/>
                </timestamp>
              </node>
            </fields>
            """);

        Assert.IsFalse(first.Done);
        var fields = first.Nodes.Single().Fields;
        Assert.AreEqual(ReadoutTypes.Status, fields[1].Types);
        Assert.AreEqual(new NumericValue(12345, "h", 0), fields[1].Value);
        Assert.AreEqual(ReadoutTypes.Identity, fields[2].Types, "the example's 'identification' reads as identity");
        Assert.AreEqual(new StringValue("Device01"), fields[2].Value);

        var history = third.Nodes.Single();
        Assert.AreEqual(3, history.Fields.Count);
        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 17, 0, 0, TimeSpan.Zero), history.Fields[1].Timestamp);
        Assert.AreEqual(ReadoutTypes.HistoricalHour | ReadoutTypes.HistoricalDay, history.Fields[2].Types);
        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 18, 0, 0, TimeSpan.Zero), history.Timestamp, "the newest field time");
    }

    [TestMethod]
    public void TryParseField_EveryValueKind_ModelValue()
    {
        var cases = new (string Xml, FieldValue Expected)[]
        {
            ("<numeric name='f' value='1.500' unit='V'/>", new NumericValue(1.5, "V", 3)),
            ("<numeric name='f' value='12345' unit='h'/>", new NumericValue(12345, "h", 0)),
            ("<numeric name='f' value='-0.5' unit=''/>", new NumericValue(-0.5, "", 1)),
            ("<numeric name='f' value='1.5E-3' unit='A'/>", new NumericValue(0.0015, "A", 4)),
            ("<numeric name='f' value='1.25e1' unit='A'/>", new NumericValue(12.5, "A", 1)),
            ("<numeric name='f' value=' +.50 ' unit='A'/>", new NumericValue(0.5, "A", 2)),
            ("<numeric name='f' value='5.' unit='A'/>", new NumericValue(5, "A", 0)),
            ("<numeric name='f' value='25E+1' unit='A'/>", new NumericValue(250, "A", 0)),
            ("<boolean name='f' value='true'/>", new BooleanValue(true)),
            ("<boolean name='f' value='0'/>", new BooleanValue(false)),
            ("<int name='f' value='-2147483648'/>", new IntValue(int.MinValue)),
            ("<long name='f' value='5000000000'/>", new LongValue(5_000_000_000)),
            ("<string name='f' value=' spaced '/>", new StringValue(" spaced ")),
            ("<enum name='f' value='Closed' dataType='DoorState'/>", new EnumValue("Closed", "DoorState")),
            ("<date name='f' value='2026-01-02'/>", new DateValue(new DateOnly(2026, 1, 2))),
            ("<time name='f' value='13:04:05.25'/>", new TimeValue(new TimeOnly(13, 4, 5, 250))),
            ("<dateTime name='f' value='2026-11-23T10:00:05.123+01:00'/>", new DateTimeValue(T)),
            ("<duration name='f' value='PT1H30M'/>", new DurationValue(TimeSpan.FromMinutes(90))),
            ("<duration name='f' value='-P1DT2S'/>", new DurationValue(-(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(2)))),
        };

        foreach (var (xml, expected) in cases)
        {
            var element = XElement.Parse(xml);
            element.Name = SensorDataNamespaces.SensorData + element.Name.LocalName;
            Assert.IsTrue(FieldsElement.TryParseField(element, T, TimeZoneInfo.Utc, out var field, out var error), error);
            Assert.AreEqual(expected, field.Value, xml);
        }
    }

    [TestMethod]
    public void TryParseField_AllAttributes_KindsQoSWritableModuleStringIds()
    {
        var field = ParseField("<numeric xmlns='urn:xmpp:iot:sensordata' name='Energy' value='123.200' unit='MWh' momentary='true' historicalMonth='true' "
            + "missing='false' manualReadout='true' signed='true' invoiceConfirmed='true' writable='false' module='Meters' stringIds='1,2|Math|x'/>");

        Assert.AreEqual(new NumericValue(123.2, "MWh", 3), field.Value);
        Assert.AreEqual(ReadoutTypes.Momentary | ReadoutTypes.HistoricalMonth, field.Types);
        Assert.AreEqual(FieldQoS.ManualReadout | FieldQoS.Signed | FieldQoS.InvoiceConfirmed, field.QoS);
        Assert.IsFalse(field.Writable);
        Assert.AreEqual("Meters", field.Module);
        Assert.AreEqual("1,2|Math|x", field.StringIds);
        Assert.AreEqual(T, field.Timestamp);
    }

    [TestMethod]
    public void TryParseField_NoKindsNoQoS_MomentaryAutomaticReadout()
    {
        // slixmpp writes no flags unless asked; XEP-0323 §4.8: no QoS flag = automaticReadout.
        var field = ParseField("<boolean xmlns='urn:xmpp:iot:sensordata' name='On' value='true'/>");

        Assert.AreEqual(ReadoutTypes.Momentary, field.Types);
        Assert.AreEqual(FieldQoS.AutomaticReadout, field.QoS);
        Assert.IsNull(field.Writable);
    }

    [TestMethod]
    public void Create_EveryKindAndAttribute_ParsesBackEqual()
    {
        var zoned = new DateTimeOffset(2026, 11, 23, 10, 0, 5, 123, TimeSpan.FromHours(1));
        var fields = new[]
        {
            new Field("Numeric", new NumericValue(21.51, "°C", 2), T, ReadoutTypes.Momentary | ReadoutTypes.Computed, FieldQoS.AutomaticReadout | FieldQoS.Warning)
            {
                Writable = true, Module = "Climate", StringIds = "1,2|Climate",
            },
            new Field("Boolean", new BooleanValue(false), T, ReadoutTypes.Status, FieldQoS.ManualEstimate),
            new Field("Int", new IntValue(-7), T, ReadoutTypes.Identity),
            new Field("Long", new LongValue(long.MaxValue), T, ReadoutTypes.Peak),
            new Field("String", new StringValue("a <b> & 'c'"), T),
            new Field("Enum", new EnumValue("Open", "DoorState"), T, ReadoutTypes.Status, FieldQoS.Missing | FieldQoS.Error),
            new Field("Date", new DateValue(new DateOnly(2026, 2, 28)), T, ReadoutTypes.HistoricalDay | ReadoutTypes.HistoricalWeek),
            new Field("Time", new TimeValue(new TimeOnly(23, 59, 58, 999)), T),
            new Field("DateTime", new DateTimeValue(zoned), T, ReadoutTypes.HistoricalOther, FieldQoS.TimeOffset | FieldQoS.PowerFailure),
            new Field("Duration", new DurationValue(new TimeSpan(1, 2, 3, 4, 500)), T, ReadoutTypes.Momentary, FieldQoS.Invoiced | FieldQoS.EndOfSeries),
            new Field("Earlier", new NumericValue(3, "kWh", 0), T.AddHours(-1), ReadoutTypes.HistoricalHour, FieldQoS.AutomaticEstimate | FieldQoS.InProgress),
        };
        var reading = new Reading(new ThingReference("climate", "MeteringTopology", "Sensor"), T, fields, 0);

        var message = Parse(FieldsElement.Create(reading, seqnr: 42, done: false).ToString());

        Assert.AreEqual(42, message.SeqNr);
        Assert.IsFalse(message.Done);
        var parsed = message.Nodes.Single();
        Assert.AreEqual(reading.Node, parsed.Node);
        // The writer groups by timestamp, oldest first: the earlier field comes first.
        CollectionAssert.AreEqual(fields.OrderBy(f => f.Timestamp).ToArray(), parsed.Fields.ToArray());
    }

    [TestMethod]
    public void ToElement_TwoNodes_GoldenXmlAndRoundTrip()
    {
        var a = new Reading(new ThingReference("Device02"), T, [new Field("Temperature", new NumericValue(23.4, "°C", 1), T)], 0);
        var b = new Reading(new ThingReference("Device03"), T, [new Field("On", new BooleanValue(true), T, qos: FieldQoS.None)], 0);
        var message = new FieldsMessage(5, [a, b], done: true);

        var xml = message.ToElement().ToString(SaveOptions.DisableFormatting);

        Assert.AreEqual(
            "<fields seqnr=\"5\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\">"
            + "<node nodeId=\"Device02\"><timestamp value=\"2026-11-23T09:00:05.123Z\"><numeric name=\"Temperature\" value=\"23.4\" unit=\"°C\" momentary=\"true\" automaticReadout=\"true\" /></timestamp></node>"
            + "<node nodeId=\"Device03\"><timestamp value=\"2026-11-23T09:00:05.123Z\"><boolean name=\"On\" value=\"true\" momentary=\"true\" /></timestamp></node></fields>",
            xml);
        var parsed = Parse(xml);
        Assert.AreEqual(2, parsed.Nodes.Count);
        Assert.AreEqual(a.Fields[0], parsed.Nodes[0].Fields[0]);
        Assert.AreEqual(FieldQoS.AutomaticReadout, parsed.Nodes[1].Fields[0].QoS, "no QoS written = automaticReadout (§4.8)");
    }

    [TestMethod]
    public void TryParse_SlixmppFieldsMessage_TimeSpanAndUnzonedTimestampInLocalZone()
    {
        // Literal output of slixmpp 1.8.3's xep_0323 stanza classes (Timestamp.add_data for numeric, boolean,
        // timeSpan, enum, dateTime, string); its device writes local time without zone.
        var plusOne = TimeZoneInfo.CreateCustomTimeZone("Test+01", TimeSpan.FromHours(1), "Test+01", "Test+01");
        var message = Parse("<fields xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"4\" done=\"true\"><node nodeId=\"Device01\"><timestamp value=\"2013-03-07T16:24:30\">"
            + "<numeric unit=\"°C\" name=\"Temperature\" value=\"23.4\" automaticReadout=\"true\" momentary=\"true\" /><boolean name=\"On\" value=\"true\" />"
            + "<timeSpan name=\"Uptime\" value=\"PT1H\" /><enum dataType=\"DoorState\" name=\"Door\" value=\"Closed\" status=\"true\" />"
            + "<dateTime name=\"Last\" value=\"2013-03-07T16:00:00\" /><string name=\"Device ID\" value=\"Device01\" identity=\"true\" /></timestamp></node></fields>",
            plusOne);

        var fields = message.Nodes.Single().Fields;
        Assert.AreEqual(6, fields.Count);
        Assert.AreEqual(new DateTimeOffset(2013, 3, 7, 15, 24, 30, TimeSpan.Zero), fields[0].Timestamp);
        Assert.AreEqual(new DurationValue(TimeSpan.FromHours(1)), fields[2].Value);
        Assert.AreEqual(new EnumValue("Closed", "DoorState"), fields[3].Value);
        Assert.AreEqual(new DateTimeValue(new DateTimeOffset(2013, 3, 7, 15, 0, 0, TimeSpan.Zero)), fields[4].Value);
        Assert.AreEqual(ReadoutTypes.Identity, fields[5].Types);
    }

    [TestMethod]
    public void TryParse_NumericWithoutUnitEnumWithoutDataTypeUnknownElement_Lenient()
    {
        var message = Parse("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='3'><node nodeId='n'><timestamp value='2026-11-23T09:00:05.123Z'>"
            + "<numeric name='Count' value='7'/><enum name='Mode' value='Auto'/><color name='Lamp' value='FF0000'/></timestamp></node></fields>");

        var fields = message.Nodes.Single().Fields;
        Assert.AreEqual(2, fields.Count, "the unknown <color/> is skipped");
        Assert.AreEqual(new NumericValue(7, "", 0), fields[0].Value);
        Assert.AreEqual(new EnumValue("Auto", ""), fields[1].Value);
    }

    [TestMethod]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata'/>", "no 'seqnr'")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1' done='maybe'/>", "'done' attribute of <fields/> must be an xs:boolean")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node/></fields>", "<node/> in <fields/> has no 'nodeId'")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='yesterday'/></node></fields>", "node 'n' has no valid xs:dateTime 'value'; got 'yesterday'")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><numeric name='T' value='warm' unit='°C'/></timestamp></node></fields>", "Field 'T': 'warm' is not a valid <numeric/> value")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><numeric name='T' value='INF' unit='°C'/></timestamp></node></fields>", "'INF' is not a valid <numeric/> value")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><numeric name='T' value='1.2.3' unit='°C'/></timestamp></node></fields>", "'1.2.3' is not a valid <numeric/> value")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><numeric name='T' value='.' unit='°C'/></timestamp></node></fields>", "'.' is not a valid <numeric/> value")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><numeric name='T' value='1E12345' unit='°C'/></timestamp></node></fields>", "'1E12345' is not a valid <numeric/> value")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><int name='I' value='2147483648'/></timestamp></node></fields>", "Field 'I': '2147483648' is not a valid <int/> value")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><date name='D' value='2026-02-30'/></timestamp></node></fields>", "'2026-02-30' is not a valid <date/> value")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><boolean value='true'/></timestamp></node></fields>", "A <boolean/> field has no 'name'")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><string name='S'/></timestamp></node></fields>", "Field 'S' (<string/>) has no 'value'")]
    [DataRow("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><string name='S' value='x' momentary='yes'/></timestamp></node></fields>", "Field 'S': The 'momentary' attribute of <string/> must be an xs:boolean")]
    public void TryParse_Malformed_FalseWithPreciseError(string xml, string expected)
    {
        Assert.IsFalse(FieldsMessage.TryParse(XElement.Parse(xml), out var message, out var error));
        Assert.IsNull(message);
        StringAssert.Contains(error, expected);
    }
}
