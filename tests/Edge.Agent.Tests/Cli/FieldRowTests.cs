using System.Text.Json;
using Edge.Agent.Cli;
using Edge.Iot.SensorData;
using Edge.Things;

namespace Edge.Agent.Tests.Cli;

[TestClass]
public sealed class FieldRowTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static Reading Meter() => new(new ThingReference("grid-meter"), At,
    [
        new Field("Frequency", new NumericValue(50.004, "Hz", 2), At),
        new Field("State", new BooleanValue(true), At, ReadoutTypes.Status) { Writable = true },
        new Field("Health", new EnumValue("ok", "urn:edge:health"), At.AddMinutes(-1), ReadoutTypes.HistoricalMinute),
    ], 0);

    [TestMethod]
    public void From_NodeElement_OneRowPerFieldWithNodeTimestampAndFlags()
    {
        var rows = FieldRow.From(FieldsElement.Node(Meter())).ToList();

        Assert.AreEqual(3, rows.Count);
        Assert.AreEqual(("grid-meter", "Health", "enum", "ok", (string?)null, "2026-11-23T11:59:00Z"),
            (rows[0].Node, rows[0].Name, rows[0].Type, rows[0].Value, rows[0].Unit, rows[0].Timestamp));
        CollectionAssert.AreEqual(new[] { "historicalMinute" }, rows[0].Flags.ToArray());
        Assert.AreEqual("50.00", rows[1].Value, "the value as sent, with its decimals");
        CollectionAssert.AreEqual(new[] { "status", "writable" }, rows[2].Flags.ToArray(), "a boolean's value='true' is no flag");
    }

    [TestMethod]
    public void ToJsonLine_NumbersAndBooleansAreJsonTyped()
    {
        var rows = FieldRow.From(FieldsElement.Node(Meter())).ToList();

        var frequency = JsonDocument.Parse(rows[1].ToJsonLine()).RootElement;
        var state = JsonDocument.Parse(rows[2].ToJsonLine()).RootElement;
        Assert.AreEqual("grid-meter", frequency.GetProperty("node").GetString());
        Assert.AreEqual(50.0, frequency.GetProperty("value").GetDouble());
        Assert.AreEqual("Hz", frequency.GetProperty("unit").GetString());
        Assert.IsTrue(state.GetProperty("value").GetBoolean());
    }

    [TestMethod]
    public void Table_AlignsColumnsAndRightAlignsValues()
    {
        var table = FieldRow.Table(FieldRow.From(FieldsElement.Node(Meter())).ToList()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.AreEqual(5, table.Length);
        StringAssert.StartsWith(table[0], "node        field      value  unit  timestamp");
        StringAssert.StartsWith(table[3], "grid-meter  Frequency  50.00  Hz   ");
        StringAssert.StartsWith(table[4], "grid-meter  State       true        ");
    }
}
