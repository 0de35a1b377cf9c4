using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.DemandResponse;

[TestClass]
public sealed class DemandResponseEngineTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));

    public TestContext TestContext { get; set; } = null!;

    private DemandResponseRig CreateRig(TimeSpan? window = null, int seed = 7)
    {
        string directory = Path.Combine(TestContext.TestRunDirectory!, "dr-" + TestContext.TestName);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        _ = Directory.CreateDirectory(directory);

        return new DemandResponseRig(directory, _clock, window, seed);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_EventAtDepth3_ShedsNonEssentialUpToDepthLowestPriorityFirst()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromHours(1), depth: 3);

        TimeSpan? next = rig.Engine.Evaluate();

        CollectionAssert.AreEquivalent(new[] { "pump", "fridge", "light" }, rig.On());
        CollectionAssert.AreEqual(new[] { "ev", "heater" }, rig.Engine.Status.ShedLoads.ToArray(), "priority 0 before 3, not profile order");
        Assert.IsTrue(rig.Engine.Status.EventActive);
        Assert.IsNull(rig.Engine.Status.NextRestore);
        Assert.AreEqual(TimeSpan.FromHours(1), next, "the next pass is at the event's end");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_Depth0_ShedsOnlyPriority0()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromHours(1), depth: 0);

        _ = rig.Engine.Evaluate();

        CollectionAssert.AreEquivalent(new[] { "heater", "pump", "fridge", "light" }, rig.On());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_Depth9_EssentialAndUnmanagedNeverShed()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromHours(1), depth: 9);

        _ = rig.Engine.Evaluate();

        CollectionAssert.AreEquivalent(new[] { "fridge", "light" }, rig.On());
        Assert.IsFalse(rig.Engine.TryGetHold("fridge", out _));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_NoEventOrEventInThePast_ShedsNothing()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ShedUntil, _clock.GetUtcNow().AddHours(1)).IsValid);

        _ = rig.Engine.Evaluate();
        Assert.AreEqual(5, rig.On().Length, "ShedUntil alone is no event: LoadShedding is false");

        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ShedUntil, _clock.GetUtcNow().AddSeconds(-1)).IsValid);
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.LoadShedding, true).IsValid);
        Assert.IsNull(rig.Engine.Evaluate());
        Assert.AreEqual(5, rig.On().Length, "an event whose end has passed sheds nothing");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_EventEnds_EachLoadRestoredAtItsOwnOffsetInsideTheWindow()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.FromMinutes(5));
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromMinutes(30), depth: 3);
        _ = rig.Engine.Evaluate();
        DateTimeOffset end = _clock.GetUtcNow().AddMinutes(30);

        _clock.Advance(TimeSpan.FromMinutes(30));
        _ = rig.Engine.Evaluate();
        DateTimeOffset first = rig.Engine.Status.NextRestore!.Value;
        Assert.IsFalse(rig.Engine.Status.EventActive);
        Assert.AreEqual(2, rig.Engine.Status.ShedLoads.Count, "nothing restored at the very end");

        _clock.Advance(first - _clock.GetUtcNow());
        _ = rig.Engine.Evaluate();
        Assert.AreEqual(1, rig.Engine.Status.ShedLoads.Count, "one load back at the first offset");
        DateTimeOffset second = rig.Engine.Status.NextRestore!.Value;
        rig.RunUntil(end + TimeSpan.FromMinutes(5));

        Assert.IsTrue(first >= end && first <= end + TimeSpan.FromMinutes(5), $"{first:O}");
        Assert.IsTrue(second > first && second <= end + TimeSpan.FromMinutes(5), $"{first:O} .. {second:O}");
        Assert.AreEqual(0, rig.Engine.Status.ShedLoads.Count);
        Assert.AreEqual(5, rig.On().Length);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_LoadSheddingCleared_RestoredFromNowInsideTheWindow()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.FromMinutes(2));
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromHours(2), depth: 9);
        _ = rig.Engine.Evaluate();
        _clock.Advance(TimeSpan.FromMinutes(10));
        DateTimeOffset cancelled = _clock.GetUtcNow();

        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.LoadShedding, false).IsValid);
        _ = rig.Engine.Evaluate();

        DateTimeOffset next = rig.Engine.Status.NextRestore!.Value;
        Assert.IsTrue(next >= cancelled && next <= cancelled.AddMinutes(2), $"{next:O}");
        rig.RunUntil(cancelled.AddMinutes(2));
        Assert.AreEqual(5, rig.On().Length);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_LoadAlreadyOff_IsNotHeldAndStaysOff()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig["pump"].TrySwitch(false).Succeeded);
        rig.StartEvent(TimeSpan.FromMinutes(10), depth: 9);

        _ = rig.Engine.Evaluate();
        CollectionAssert.DoesNotContain(rig.Engine.Status.ShedLoads.ToArray(), "pump");
        rig.RunUntil(_clock.GetUtcNow().AddMinutes(30));

        Assert.IsFalse(rig["pump"].IsOn, "the engine restores only what it shed");
        Assert.IsTrue(rig["ev"].IsOn);
        Assert.IsTrue(rig["heater"].IsOn);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_ShedRefusedByMinimumOnTime_RetriedWhenTheRuleAllowsNeverForced()
    {
        await using DemandResponseRig rig = CreateRig();
        Assert.IsTrue(rig["heater"].TrySwitch(true).Succeeded); // minimum on-time 60 s starts now
        _clock.Advance(TimeSpan.FromSeconds(10));
        rig.StartEvent(TimeSpan.FromHours(1), depth: 3);

        TimeSpan? next = rig.Engine.Evaluate();

        Assert.IsTrue(rig["heater"].IsOn, "refused by the relay's rule, not forced");
        CollectionAssert.DoesNotContain(rig.Engine.Status.ShedLoads.ToArray(), "heater");
        Assert.AreEqual(TimeSpan.FromSeconds(50), next, "retried when RetryAfter says");

        _clock.Advance(next!.Value);
        _ = rig.Engine.Evaluate();

        Assert.IsFalse(rig["heater"].IsOn);
        CollectionAssert.Contains(rig.Engine.Status.ShedLoads.ToArray(), "heater");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Evaluate_RestoreRefusedByMinimumOffTime_RetriedWhenTheRuleAllows()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.Zero);
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromMinutes(1), depth: 0);
        _ = rig.Engine.Evaluate();
        Assert.IsFalse(rig["ev"].IsOn);

        _clock.Advance(TimeSpan.FromMinutes(1));
        TimeSpan? next = rig.Engine.Evaluate();

        Assert.IsFalse(rig["ev"].IsOn, "its 120 s minimum off-time is not over: not forced");
        Assert.IsTrue(rig.Engine.TryGetHold("ev", out _), "still the engine's to restore");
        Assert.AreEqual(TimeSpan.FromMinutes(1), next);
        _clock.Advance(next!.Value);
        Assert.IsNull(rig.Engine.Evaluate());
        Assert.IsTrue(rig["ev"].IsOn);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Restart_MidEvent_LoadsStayShedAndAreRestoredOnTime()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.FromMinutes(5));
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromMinutes(30), depth: 3);
        _ = rig.Engine.Evaluate();
        DateTimeOffset end = _clock.GetUtcNow().AddMinutes(30);

        _clock.Advance(TimeSpan.FromMinutes(10));
        await rig.RestartAsync(); // relays come up in their fail-safe state (off); a new engine reads the file
        Assert.IsTrue(rig.Engine.TryGetHold("ev", out string reason), "held from the state file before any pass");
        StringAssert.Contains(reason, "demand response");
        Assert.IsTrue(rig.Settings.LoadShedding.Value, "the event itself survives in settings.json");

        TimeSpan? next = rig.Engine.Evaluate();
        Assert.AreEqual(TimeSpan.FromMinutes(20), next);
        Assert.AreEqual(0, rig.On().Length);

        rig.RunUntil(end.AddMinutes(5));
        CollectionAssert.AreEquivalent(new[] { "ev", "heater" }, rig.On(), "restored because the engine shed them; the others were off after the restart and are not its own");
        Assert.AreEqual(0, rig.Engine.Status.ShedLoads.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Restart_AfterTheEventEndedWhileDown_RestoredAtStart()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.FromMinutes(5));
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromMinutes(30), depth: 3);
        _ = rig.Engine.Evaluate();

        _clock.Advance(TimeSpan.FromHours(2));
        await rig.RestartAsync();
        TimeSpan? next = rig.Engine.Evaluate();

        CollectionAssert.AreEquivalent(new[] { "heater" }, rig.On(), "restored at start");
        Assert.AreEqual(TimeSpan.FromMinutes(2), next, "the ev's minimum off-time counts from the restart");
        _clock.Advance(next!.Value);
        next = rig.Engine.Evaluate();
        CollectionAssert.AreEquivalent(new[] { "ev", "heater" }, rig.On());
        Assert.IsNull(next);
        Assert.IsFalse(rig.Engine.Status.EventActive);
        Assert.AreEqual(0, rig.Engine.Status.ShedLoads.Count);
        await rig.RestartAsync();
        Assert.AreEqual(0, rig.Engine.Status.ShedLoads.Count, "the restore was persisted");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StateFile_AfterShedding_PrivateVersionedJsonNamingTheLoads()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        rig.StartEvent(TimeSpan.FromMinutes(30), depth: 0);
        _ = rig.Engine.Evaluate();

        string json = await File.ReadAllTextAsync(rig.StateFile, TestContext.CancellationToken);

        StringAssert.Contains(json, "\"version\": 2");
        StringAssert.Contains(json, "\"reason\": \"Event\"");
        StringAssert.Contains(json, "\"node\": \"ev\"");
        Assert.IsFalse(json.Contains("heater", StringComparison.Ordinal), json);
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rig.StateFile));
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Load_CorruptStateFile_StartsEmptyWithoutThrowing()
    {
        await using DemandResponseRig rig = CreateRig();
        await File.WriteAllTextAsync(rig.StateFile, "{ not json", TestContext.CancellationToken);

        await rig.RestartAsync();

        Assert.AreEqual(0, rig.Engine.Status.ShedLoads.Count);
    }
}
