using Edge.Agent.DemandResponse;
using Edge.Agent.DemandResponse.OpenAdr;

namespace Edge.Agent.Tests.DemandResponse.OpenAdr;

[TestClass]
public sealed class OpenAdrMappingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 17, 0, 0, TimeSpan.Zero);
    private static readonly int[] Depths = [2, 5, 9];

    private static OpenAdrEvent Event(OpenAdrEventStatus status = OpenAdrEventStatus.Far, TimeSpan? startAfter = null,
        params (int Minutes, double Level)[] intervals) => new()
    {
        EventId = "e1",
        ModificationNumber = 4,
        MarketContext = "urn:test",
        CreatedDateTime = Start.AddHours(-1),
        EventStatus = status,
        DtStart = Start,
        Duration = TimeSpan.FromMinutes(intervals.Sum(i => i.Minutes)),
        StartAfter = startAfter,
        Signals =
        [
            new OpenAdrSignal
            {
                SignalName = "SIMPLE", SignalType = "level", SignalId = "s",
                Intervals = [.. intervals.Select(i => new OpenAdrInterval { Duration = TimeSpan.FromMinutes(i.Minutes), Value = i.Level })],
            },
        ],
    };

    [TestMethod]
    public void ToGridEvent_SimpleLevels_MappedToDepthsInOrder()
    {
        GridEvent e = OpenAdrMapping.ToGridEvent(Event(intervals: [(10, 0), (20, 1), (15, 2), (5, 3)]), Depths, "ven-1");

        Assert.AreEqual("e1", e.Id);
        Assert.AreEqual(4, e.Modification);
        Assert.IsFalse(e.Cancelled);
        CollectionAssert.AreEqual(new[] { -1, 2, 5, 9 }, e.Intervals.Select(i => i.Depth).ToArray());
        Assert.AreEqual(Start, e.Start);
        Assert.AreEqual(Start.AddMinutes(50), e.End);
        Assert.AreEqual(-1, e.DepthAt(Start.AddMinutes(5)));
        Assert.AreEqual(2, e.DepthAt(Start.AddMinutes(10)));
        Assert.AreEqual(9, e.DepthAt(Start.AddMinutes(49)));
        Assert.AreEqual(-1, e.DepthAt(Start.AddMinutes(50)));
    }

    [TestMethod]
    [DataRow(OpenAdrEventStatus.Cancelled)]
    [DataRow(OpenAdrEventStatus.Completed)]
    public void ToGridEvent_CancelledOrCompleted_Cancelled(OpenAdrEventStatus status)
    {
        GridEvent e = OpenAdrMapping.ToGridEvent(Event(status, intervals: [(30, 3)]), Depths, "ven-1");

        Assert.IsTrue(e.Cancelled);
        Assert.AreEqual(-1, e.DepthAt(Start.AddMinutes(1)));
    }

    [TestMethod]
    [DataRow(-1.0, -1)]
    [DataRow(0.0, -1)]
    [DataRow(0.4, -1)]
    [DataRow(1.0, 2)]
    [DataRow(2.0, 5)]
    [DataRow(3.0, 9)]
    [DataRow(7.0, 9)]
    [DataRow(double.NaN, -1)]
    public void Depth_Level_ConfiguredDepth(double level, int depth) =>
        Assert.AreEqual(depth, OpenAdrMapping.Depth(level, Depths));

    [TestMethod]
    public void StartDelay_InsideStartAfter_StablePerDeviceSpreadAcrossAFleet()
    {
        OpenAdrEvent e = Event(startAfter: TimeSpan.FromMinutes(10), intervals: [(30, 1)]);

        TimeSpan[] delays = [.. Enumerable.Range(0, 200).Select(i => OpenAdrMapping.StartDelay(e, $"ven-{i}"))];

        Assert.IsTrue(delays.All(d => d >= TimeSpan.Zero && d <= TimeSpan.FromMinutes(10)));
        Assert.AreEqual(delays[7], OpenAdrMapping.StartDelay(e, "ven-7"), "the same device draws the same delay at every delivery");
        Assert.IsTrue(delays.Distinct().Count() > 190, "a fleet is spread");
        Assert.IsTrue(delays.Count(d => d < TimeSpan.FromMinutes(5)) is > 60 and < 140, "about half in each half of the window");
        GridEvent mapped = OpenAdrMapping.ToGridEvent(e, Depths, "ven-7");
        Assert.AreEqual(Start + delays[7], mapped.Start, "the whole schedule shifts");
        Assert.AreEqual(TimeSpan.Zero, OpenAdrMapping.StartDelay(Event(intervals: [(30, 1)]), "ven-7"), "no startafter: no delay");
    }

    [TestMethod]
    public void ToGridEvent_NoSimpleSignal_KnownButShedsNothing()
    {
        OpenAdrEvent e = Event(intervals: [(30, 3)]);
        e = new OpenAdrEvent
        {
            EventId = e.EventId, MarketContext = e.MarketContext, CreatedDateTime = e.CreatedDateTime, EventStatus = e.EventStatus,
            DtStart = e.DtStart, Duration = e.Duration,
            Signals = [new OpenAdrSignal { SignalName = "ELECTRICITY_PRICE", SignalType = "price", SignalId = "p", Intervals = e.Signals[0].Intervals }],
        };

        GridEvent mapped = OpenAdrMapping.ToGridEvent(e, Depths, "ven-1");

        Assert.AreEqual(-1, mapped.MaxDepth);
        Assert.AreEqual(Start.AddMinutes(30), mapped.End);
    }
}
