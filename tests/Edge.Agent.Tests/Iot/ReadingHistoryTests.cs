using Edge.Agent.Iot;
using Edge.Things;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Iot;

[TestClass]
public sealed class ReadingHistoryTests
{
    private static readonly ThingReference Node = new("climate");
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static Field Temp(double value, DateTimeOffset at, FieldQoS qos = FieldQoS.AutomaticReadout) =>
        new("Temperature", new NumericValue(value, "°C", 2), at, ReadoutTypes.Momentary, qos);

    [TestMethod]
    public void Query_Minutes_AveragesCompletedBucketsOnly()
    {
        var clock = new FakeTimeProvider(T0.AddMinutes(1).AddSeconds(10));
        var history = new ReadingHistory(clock);
        history.Record(Node, [Temp(20, T0), new Field("Door", new BooleanValue(false), T0, ReadoutTypes.Status)]);
        history.Record(Node, [Temp(22, T0.AddSeconds(30)), new Field("Door", new BooleanValue(true), T0.AddSeconds(30), ReadoutTypes.Status)]);
        history.Record(Node, [Temp(99, T0.AddSeconds(45), FieldQoS.Missing | FieldQoS.Error)]);
        history.Record(Node, [Temp(30, T0.AddMinutes(1))]);

        var fields = history.Query(Node, ReadoutTypes.HistoricalMinute, null, null);

        var temp = fields.Single(f => f.Name == "Temperature");
        Assert.AreEqual(21.0, ((NumericValue)temp.Value).Value, 1e-9, "average of 20 and 22; the missing sample is skipped");
        Assert.AreEqual(T0, temp.Timestamp);
        Assert.AreEqual(ReadoutTypes.HistoricalMinute, temp.Types);
        Assert.AreEqual(new BooleanValue(true), fields.Single(f => f.Name == "Door").Value, "non-numeric: last value");
        Assert.AreEqual(2, fields.Count, "the minute starting at T0+1 min is still open and not reported");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.AreEqual(30.0, ((NumericValue)history.Query(Node, ReadoutTypes.HistoricalMinute, T0.AddMinutes(1), null).Single().Value).Value, "reported once ended");
    }

    [TestMethod]
    public void Query_RangeAndKinds_Filtered()
    {
        var history = new ReadingHistory(new FakeTimeProvider(T0.AddMinutes(130).AddSeconds(1)));
        for (int minute = 0; minute <= 130; minute++)
        {
            history.Record(Node, [Temp(minute, T0.AddMinutes(minute))]);
        }

        var range = history.Query(Node, ReadoutTypes.HistoricalMinute, T0.AddMinutes(10), T0.AddMinutes(12));
        CollectionAssert.AreEqual(new[] { 10.0, 11.0, 12.0 }, range.Select(f => ((NumericValue)f.Value).Value).ToArray());

        var hours = history.Query(Node, ReadoutTypes.HistoricalHour, null, null);
        Assert.AreEqual(2, hours.Count, "hours 10:00 and 11:00 are complete; 12:00 is open");
        Assert.AreEqual(29.5, ((NumericValue)hours[0].Value).Value, 1e-9);

        Assert.AreEqual(0, history.Query(Node, ReadoutTypes.HistoricalDay, null, null).Count, "days are not kept");
        Assert.AreEqual(0, history.Query(new ThingReference("other"), ReadoutTypes.Historical, null, null).Count);
    }

    [TestMethod]
    public void Record_BeyondCapacity_OldestBucketsDropped()
    {
        var history = new ReadingHistory(new FakeTimeProvider(T0.AddMinutes(20).AddSeconds(1)), minutes: 5, hours: 1);
        for (int minute = 0; minute < 20; minute++)
        {
            history.Record(Node, [Temp(minute, T0.AddMinutes(minute))]);
        }

        var minutes = history.Query(Node, ReadoutTypes.HistoricalMinute, null, null);
        CollectionAssert.AreEqual(new[] { 15.0, 16.0, 17.0, 18.0, 19.0 }, minutes.Select(f => ((NumericValue)f.Value).Value).ToArray());
    }
}
