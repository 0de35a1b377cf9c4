using Edge.Agent.DemandResponse;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.DemandResponse;

/// <summary>Program events (<see cref="DemandResponseEngine.Apply"/>): schedules of depths, modification, cancel, restarts.</summary>
[TestClass]
public sealed class DemandResponseEventsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));

    public TestContext TestContext { get; set; } = null!;

    private DateTimeOffset Now => _clock.GetUtcNow();

    private DemandResponseRig CreateRig(TimeSpan? window = null)
    {
        string directory = Path.Combine(TestContext.TestRunDirectory!, "dre-" + TestContext.TestName);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        _ = Directory.CreateDirectory(directory);
        return new DemandResponseRig(directory, _clock, window ?? TimeSpan.FromMinutes(5));
    }

    private static GridEvent Event(string id, long modification, DateTimeOffset start, params (int Minutes, int Depth)[] intervals)
    {
        var list = new List<GridEventInterval>();
        DateTimeOffset t = start;
        foreach ((int minutes, int depth) in intervals)
        {
            list.Add(new GridEventInterval(t, t.AddMinutes(minutes), depth));
            t = t.AddMinutes(minutes);
        }

        return new GridEvent(id, modification, list);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Apply_FutureEvent_ShedsAtItsStartAtEachIntervalsDepthAndRestoresAfter()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.Zero);
        rig.AllOn();
        DateTimeOffset start = Now.AddMinutes(10);
        Assert.AreEqual(GridEventChange.Added, rig.Engine.Apply(Event("e1", 0, start, (30, 0), (30, 3))));

        TimeSpan? next = rig.Engine.Evaluate();
        Assert.AreEqual(5, rig.On().Length, "not before the start");
        Assert.AreEqual(TimeSpan.FromMinutes(10), next);

        rig.RunUntil(start.AddMinutes(1));
        CollectionAssert.AreEqual(new[] { "ev" }, rig.Engine.Status.ShedLoads.ToArray(), "level for depth 0");
        Assert.AreEqual("e1", rig.Engine.Status.EventId);
        rig.RunUntil(start.AddMinutes(31));
        CollectionAssert.AreEqual(new[] { "ev", "heater" }, rig.Engine.Status.ShedLoads.ToArray(), "the second interval goes deeper");
        rig.RunUntil(start.AddMinutes(61));
        Assert.AreEqual(5, rig.On().Length);
        Assert.AreEqual(0, rig.Engine.Status.Events.Count, "an event over is dropped");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Apply_HigherModification_Replaces_LowerOrEqualIgnored()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.AreEqual(GridEventChange.Added, rig.Engine.Apply(Event("e1", 1, Now, (60, 0))));
        Assert.AreEqual(GridEventChange.Modified, rig.Engine.Apply(Event("e1", 2, Now, (60, 5))));
        Assert.AreEqual(GridEventChange.Unchanged, rig.Engine.Apply(Event("e1", 2, Now, (60, 9))));
        Assert.AreEqual(GridEventChange.Unchanged, rig.Engine.Apply(Event("e1", 1, Now, (60, 0))));

        _ = rig.Engine.Evaluate();

        CollectionAssert.AreEquivalent(new[] { "ev", "heater", "pump" }, rig.Engine.Status.ShedLoads.ToArray());
        Assert.AreEqual(5, rig.Engine.Status.Depth);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Apply_Cancelled_RestoresInsideTheWindowAndALateRepeatStaysOut()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.FromMinutes(2));
        rig.AllOn();
        GridEvent e1 = Event("e1", 1, Now, (60, 3));
        _ = rig.Engine.Apply(e1);
        _ = rig.Engine.Evaluate();
        Assert.AreEqual(2, rig.Engine.Status.ShedLoads.Count);
        _clock.Advance(TimeSpan.FromMinutes(5));
        DateTimeOffset cancelled = Now;

        Assert.AreEqual(GridEventChange.Cancelled, rig.Engine.Apply(e1 with { Modification = 2, Cancelled = true }));
        Assert.AreEqual(GridEventChange.Unchanged, rig.Engine.Apply(e1), "the original, delivered again");
        rig.RunUntil(cancelled.AddMinutes(2));

        Assert.AreEqual(5, rig.On().Length);
        Assert.IsFalse(rig.Engine.Status.EventActive);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Apply_EventAlreadyOver_Ended()
    {
        await using DemandResponseRig rig = CreateRig();
        Assert.AreEqual(GridEventChange.Ended, rig.Engine.Apply(Event("old", 0, Now.AddHours(-2), (60, 9))));
        Assert.AreEqual(0, rig.Engine.Status.Events.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Restart_MidEvent_StillShedAndRestoredOnTime()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.FromMinutes(5));
        rig.AllOn();
        DateTimeOffset end = Now.AddMinutes(30);
        _ = rig.Engine.Apply(Event("e1", 0, Now, (30, 3)));
        _ = rig.Engine.Evaluate();

        _clock.Advance(TimeSpan.FromMinutes(10));
        await rig.RestartAsync(); // relays back to their fail-safe state (off): the engine still holds them
        _ = rig.Engine.Evaluate();
        Assert.AreEqual("e1", rig.Engine.Status.EventId, "the event survived the restart");
        CollectionAssert.AreEquivalent(new[] { "ev", "heater" }, rig.Engine.Status.ShedLoads.ToArray());

        rig.RunUntil(end.AddMinutes(5));
        Assert.IsTrue(rig["ev"].IsOn && rig["heater"].IsOn, "restored inside the window after the end");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Restart_AfterTheEventEndedWhileDown_RestoredAtStart()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.FromMinutes(5));
        rig.AllOn();
        _ = rig.Engine.Apply(Event("e1", 0, Now, (30, 3)));
        _ = rig.Engine.Evaluate();

        _clock.Advance(TimeSpan.FromHours(2));
        await rig.RestartAsync();
        _ = rig.Engine.Evaluate();

        Assert.IsTrue(rig["heater"].IsOn, "the restore time (end + at most 5 min) is long past: restored at start");
        Assert.IsFalse(rig["ev"].IsOn, "the ev's minimum off-time (120 s) counts from the restart: refused, retried");
        Assert.IsTrue(rig.Engine.Status.NextRestore <= Now);
        rig.RunUntil(Now.AddMinutes(3));
        Assert.IsTrue(rig["ev"].IsOn);
        Assert.AreEqual(0, rig.Engine.Status.ShedLoads.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_ControlEventAndProgramEvent_DeeperOneWins()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromHours(1), depth: 0);
        _ = rig.Engine.Apply(Event("p", 0, Now, (20, 3)));

        _ = rig.Engine.Evaluate();
        Assert.AreEqual("p", rig.Engine.Status.EventId);
        Assert.AreEqual(2, rig.Engine.Status.ShedLoads.Count);

        rig.RunUntil(Now.AddMinutes(30));
        Assert.AreEqual(DemandResponseEngine.ControlEventId, rig.Engine.Status.EventId);
        CollectionAssert.AreEqual(new[] { "ev" }, rig.Engine.Status.ShedLoads.ToArray(), "the heater restored, the ev still held by the control event");
    }
}
