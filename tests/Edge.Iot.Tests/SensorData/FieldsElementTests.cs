using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

[TestClass]
public sealed class FieldsElementTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 23, 9, 0, 5, 123, TimeSpan.Zero);

    [TestMethod]
    public void Create_NumericReading_GoldenXml()
    {
        var reading = new Reading(new ThingReference("climate"), T,
            [new Field("Temperature", new NumericValue(21.514, "°C", 2), T)], 1);

        var xml = FieldsElement.Create(reading, seqnr: 7).ToString(SaveOptions.DisableFormatting);

        Assert.AreEqual(
            "<fields seqnr=\"7\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"climate\"><timestamp value=\"2026-11-23T09:00:05.123Z\">"
            + "<numeric name=\"Temperature\" value=\"21.51\" unit=\"°C\" momentary=\"true\" automaticReadout=\"true\" /></timestamp></node></fields>",
            xml);
    }

    [TestMethod]
    public void Field_EveryValueKind_XepElementNameAndLexicalValue()
    {
        var cases = new (FieldValue Value, string Element, string Lexical)[]
        {
            (new NumericValue(1.5, "V", 3), "numeric", "1.500"),
            (new BooleanValue(true), "boolean", "true"),
            (new IntValue(-3), "int", "-3"),
            (new LongValue(5_000_000_000), "long", "5000000000"),
            (new StringValue("ok"), "string", "ok"),
            (new EnumValue("Closed", "DoorState"), "enum", "Closed"),
            (new DateValue(new DateOnly(2026, 1, 2)), "date", "2026-01-02"),
            (new TimeValue(new TimeOnly(13, 4, 5)), "time", "13:04:05"),
            (new DateTimeValue(T), "dateTime", "2026-11-23T09:00:05.123Z"),
            (new DurationValue(TimeSpan.FromMinutes(90)), "duration", "PT1H30M"),
        };

        foreach (var (value, element, lexical) in cases)
        {
            var x = FieldsElement.Field(new Field("f", value, T));
            Assert.AreEqual(SensorDataNamespaces.SensorData + element, x.Name);
            Assert.AreEqual(lexical, (string?)x.Attribute("value"), element);
        }
    }

    [TestMethod]
    public void Field_MissingWithError_QoSAttributesAndEnumDataType()
    {
        var field = new Field("Door", new EnumValue("Unknown", "DoorState"), T, ReadoutTypes.Status, FieldQoS.Missing | FieldQoS.Error)
        {
            Writable = false,
        };

        var x = FieldsElement.Field(field);

        Assert.AreEqual("true", (string?)x.Attribute("missing"));
        Assert.AreEqual("true", (string?)x.Attribute("error"));
        Assert.AreEqual("true", (string?)x.Attribute("status"));
        Assert.IsNull(x.Attribute("momentary"));
        Assert.AreEqual("DoorState", (string?)x.Attribute("dataType"));
        Assert.AreEqual("false", (string?)x.Attribute("writable"));
    }
}
