using System.Buffers;
using System.Text;
using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Tests.SensorData;

/// <summary>
/// The publisher's payload that writes itself (<see cref="FieldsPayload"/>) against the tree backends have always
/// received (<see cref="FieldsElement.Create"/>), byte for byte: every value kind, every flag, several timestamps out of
/// order, hostile names, units and values, non-ASCII text.
/// </summary>
[TestClass]
public sealed class FieldsPayloadTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 23, 9, 0, 5, 123, TimeSpan.Zero);

    [TestMethod]
    public void WriteTo_EveryValueKindFlagAndTimestamp_SameBytesAsTheTree()
    {
        var earlier = T.AddSeconds(-90).ToOffset(TimeSpan.FromHours(2)); // another offset: written in UTC all the same
        var reading = new Reading(new ThingReference("meter&<1>", "src\"'", "cache"), T,
        [
            new Field("Temperature", new NumericValue(21.514, "°C", 2), T),
            new Field("Bool <&>", new BooleanValue(true), earlier, ReadoutTypes.Status),
            new Field("Int", new IntValue(-3), T, ReadoutTypes.Momentary | ReadoutTypes.Peak, FieldQoS.Missing | FieldQoS.Invoiced),
            new Field("Long", new LongValue(5_000_000_000), earlier),
            new Field("String", new StringValue("a&b<c>\"d'e\tf\ng\rh Grüße 温度 🌡"), T),
            new Field("Enum", new EnumValue("Closed&Locked", "Door<State>"), T),
            new Field("Date", new DateValue(new DateOnly(2026, 1, 2)), T.AddDays(1)),
            new Field("Time", new TimeValue(new TimeOnly(13, 4, 5, 250)), T),
            new Field("DateTime", new DateTimeValue(T.AddTicks(1234)), T),
            new Field("Duration", new DurationValue(TimeSpan.FromMinutes(90)), T)
                { Writable = true, Module = "mod\"x", StringIds = "1,2" },
            new Field("Decimals", new NumericValue(1234.508, "kWh", 0), earlier) { Writable = false },
            new Field("Negative", new NumericValue(-0.000049, "A", 4), T),
        ], 1);

        foreach (var (seqnr, done) in new[] { (0, true), (7, false), (-12, true) })
        {
            Assert.AreEqual(Tree(FieldsElement.Create(reading, seqnr, done)), Direct(new FieldsPayload(reading, seqnr, done)),
                $"seqnr {seqnr}, done {done}");
        }
    }

    [TestMethod]
    public void WriteTo_NoFieldsAndOneField_SameBytesAsTheTree()
    {
        var empty = new Reading(new ThingReference("n"), T, [], 1);
        var one = new Reading(new ThingReference("n"), T, [new Field("V", new NumericValue(231.5, "V", 1), T)], 2);

        Assert.AreEqual(Tree(FieldsElement.Create(empty, 0)), Direct(new FieldsPayload(empty, 0)));
        Assert.AreEqual(Tree(FieldsElement.Create(one, 0)), Direct(new FieldsPayload(one, 0)));
        Assert.AreEqual(
            "<fields seqnr=\"0\" done=\"true\" xmlns=\"urn:xmpp:iot:sensordata\"><node nodeId=\"n\"><timestamp value=\"2026-11-23T09:00:05.123Z\">"
            + "<numeric name=\"V\" value=\"231.5\" unit=\"V\" momentary=\"true\" automaticReadout=\"true\"/></timestamp></node></fields>",
            Direct(new FieldsPayload(one, 0)));
    }

    [TestMethod]
    public void WriteTo_ControlCharacterInAValue_RefusedLikeTheTree()
    {
        var reading = new Reading(new ThingReference("n"), T, [new Field("S", new StringValue("bell\u0007"), T)], 1);

        Assert.ThrowsExactly<ArgumentException>(() => Tree(FieldsElement.Create(reading, 0)));
        Assert.ThrowsExactly<ArgumentException>(() => Direct(new FieldsPayload(reading, 0)));
    }

    private static string Tree(XElement fields)
    {
        var output = new ArrayBufferWriter<byte>(64);
        new XmlStanzaWriter(output).Element(fields);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string Direct(FieldsPayload payload)
    {
        var output = new ArrayBufferWriter<byte>(64);
        payload.WriteTo(new XmlStanzaWriter(output));
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
