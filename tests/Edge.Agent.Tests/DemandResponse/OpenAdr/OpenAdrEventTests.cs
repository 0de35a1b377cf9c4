using Edge.Agent.DemandResponse.OpenAdr;

namespace Edge.Agent.Tests.DemandResponse.OpenAdr;

[TestClass]
public sealed class OpenAdrEventTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 17, 0, 0, TimeSpan.Zero);

    private static OpenAdrEvent Event(TimeSpan duration, TimeSpan? startAfter, params (int Minutes, double Value)[] intervals) => new()
    {
        EventId = "e",
        MarketContext = "http://mc",
        CreatedDateTime = Start,
        EventStatus = OpenAdrEventStatus.Far,
        DtStart = Start,
        Duration = duration,
        StartAfter = startAfter,
        Signals =
        [
            new OpenAdrSignal
            {
                SignalName = "ELECTRICITY_PRICE", SignalType = "price", SignalId = "p",
                Intervals = [new OpenAdrInterval { Duration = TimeSpan.FromHours(1), Value = 0.3 }],
            },
            new OpenAdrSignal
            {
                SignalName = "SIMPLE", SignalType = "level", SignalId = "s",
                Intervals = [.. intervals.Select((i, n) => new OpenAdrInterval
                {
                    Uid = n.ToString(System.Globalization.CultureInfo.InvariantCulture), Duration = TimeSpan.FromMinutes(i.Minutes), Value = i.Value,
                })],
            },
        ],
    };

    private static (DateTimeOffset, DateTimeOffset, double) At(int fromMinutes, int toMinutes, double value) =>
        (Start.AddMinutes(fromMinutes), Start.AddMinutes(toMinutes), value);

    [TestMethod]
    public void SimpleLevels_VtnPayload_IntervalsBackToBackFromDtStart()
    {
        Assert.IsTrue(OpenAdrReader.TryParse(OpenAdrSamples.VtnPayload, out var message, out var error), error);

        var levels = message.Events[0].SimpleLevels().ToArray();

        CollectionAssert.AreEqual(new[] { At(0, 60, 1), At(60, 150, 2), At(150, 180, 1) }, levels);
    }

    [TestMethod]
    public void SimpleLevels_IntervalsLongerThanEvent_CutAtEventEnd()
    {
        var levels = Event(TimeSpan.FromMinutes(90), null, (60, 1), (60, 2), (60, 3)).SimpleLevels().ToArray();

        CollectionAssert.AreEqual(new[] { At(0, 60, 1), At(60, 90, 2) }, levels, "the third interval starts after the event's end");
    }

    [TestMethod]
    public void SimpleLevels_IntervalsShorterThanEvent_NothingInvented()
    {
        var levels = Event(TimeSpan.FromHours(3), null, (60, 1)).SimpleLevels().ToArray();

        CollectionAssert.AreEqual(new[] { At(0, 60, 1) }, levels);
    }

    [TestMethod]
    public void SimpleLevels_ZeroDurationIntervalInBoundedEvent_RunsToEventEnd()
    {
        var levels = Event(TimeSpan.FromHours(2), null, (30, 1), (0, 2), (30, 3)).SimpleLevels().ToArray();

        CollectionAssert.AreEqual(new[] { At(0, 30, 1), At(30, 120, 2) }, levels);
    }

    [TestMethod]
    public void SimpleLevels_OpenEndedEvent_LastIntervalHoldsUntilCancelled()
    {
        var levels = Event(TimeSpan.Zero, null, (30, 1), (30, 2)).SimpleLevels().ToArray();

        CollectionAssert.AreEqual(new[] { At(0, 30, 1), (Start.AddMinutes(30), DateTimeOffset.MaxValue, 2.0) }, levels);
    }

    [TestMethod]
    public void SimpleLevels_OpenEndedVtnEvent_OneOpenLevel()
    {
        Assert.IsTrue(OpenAdrReader.TryParse(OpenAdrSamples.VtnPayload, out var message, out var error), error);

        var levels = message.Events[1].SimpleLevels().ToArray();

        CollectionAssert.AreEqual(new[] { (new DateTimeOffset(2026, 12, 6, 20, 0, 0, TimeSpan.Zero), DateTimeOffset.MaxValue, 3.0) }, levels);
    }

    [TestMethod]
    public void SimpleLevels_StartDelayInsideStartAfter_ShiftsEverything()
    {
        OpenAdrEvent e = Event(TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), (30, 1), (30, 2));

        var levels = e.SimpleLevels(TimeSpan.FromMinutes(7)).ToArray();

        CollectionAssert.AreEqual(new[] { At(7, 37, 1), At(37, 67, 2) }, levels);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => e.SimpleLevels(TimeSpan.FromMinutes(11)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => e.SimpleLevels(TimeSpan.FromMinutes(-1)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Event(TimeSpan.FromHours(1), null, (30, 1)).SimpleLevels(TimeSpan.FromMinutes(1)),
            "no tolerance, no delay");
    }

    [TestMethod]
    public void SimpleLevels_NoSimpleSignal_Empty()
    {
        OpenAdrEvent e = Event(TimeSpan.FromHours(1), null, (60, 1));
        OpenAdrEvent priceOnly = new()
        {
            EventId = e.EventId, MarketContext = e.MarketContext, CreatedDateTime = e.CreatedDateTime, EventStatus = e.EventStatus,
            DtStart = e.DtStart, Duration = e.Duration, Signals = [e.Signals[0]],
        };

        Assert.AreEqual(0, priceOnly.SimpleLevels().Count());
        Assert.IsNull(priceOnly.SimpleSignal);
        CollectionAssert.AreEqual(new[] { At(0, 60, 0.3) }, priceOnly.Schedule(priceOnly.Signals[0]).ToArray());
    }

    [TestMethod]
    public void SimpleSignal_LowerCase20aName_Recognised()
    {
        var signal = new OpenAdrSignal { SignalName = "simple", SignalType = "level", SignalId = "s" };

        Assert.IsTrue(signal.IsSimple);
    }

    [TestMethod]
    public void SimpleLevels_NearMaxValue_Saturates()
    {
        OpenAdrEvent e = Event(TimeSpan.FromDays(10), null, (60, 1));
        OpenAdrEvent late = new()
        {
            EventId = e.EventId, MarketContext = e.MarketContext, CreatedDateTime = e.CreatedDateTime, EventStatus = e.EventStatus,
            DtStart = DateTimeOffset.MaxValue.AddMinutes(-30), Duration = e.Duration, Signals = e.Signals,
        };

        var levels = late.SimpleLevels().ToArray();

        CollectionAssert.AreEqual(new[] { (late.DtStart, DateTimeOffset.MaxValue, 1.0) }, levels);
    }
}
