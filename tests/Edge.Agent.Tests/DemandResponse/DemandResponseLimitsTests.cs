using Edge.Agent.DemandResponse;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.DemandResponse;

/// <summary>The import-limit loop, quiet hours and the energy budget, on the rig's relays with a fake clock.</summary>
[TestClass]
public sealed class DemandResponseLimitsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));

    public TestContext TestContext { get; set; } = null!;

    private DemandResponseRig CreateRig(TimeSpan? window = null)
    {
        string directory = Path.Combine(TestContext.TestRunDirectory!, "drl-" + TestContext.TestName);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        _ = Directory.CreateDirectory(directory);
        var rig = new DemandResponseRig(directory, _clock, window ?? TimeSpan.Zero);
        rig.Options.ImportLimitHysteresis = 200;
        rig.Options.ImportLimitHold = TimeSpan.FromSeconds(60);
        rig.Options.ImportLimitSettle = TimeSpan.FromSeconds(5);
        return rig;
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ImportLimit_Breach_ShedsCyclableFirstThenTheRestOneLoadPerSettleTime()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ImportLimit, 3000.0).IsValid);

        _ = rig.Meter(1500); // 1.5 + 2 + 7.4 kW
        CollectionAssert.AreEqual(new[] { "heater" }, rig.Engine.Status.ShedLoads.ToArray(), "the cyclable heater first, though the ev has priority 0");
        _clock.Advance(TimeSpan.FromSeconds(1));
        _ = rig.Meter(1500);
        Assert.AreEqual(1, rig.Engine.Status.ShedLoads.Count, "within the settle time: no second shed");

        _clock.Advance(TimeSpan.FromSeconds(5));
        _ = rig.Meter(1500); // 8.9 kW still
        CollectionAssert.AreEqual(new[] { "heater", "ev" }, rig.Engine.Status.ShedLoads.ToArray());
        CollectionAssert.AreEqual(new[] { ShedReason.ImportLimit, ShedReason.ImportLimit }, rig.Engine.Status.Reasons.ToArray());
        StringAssert.Contains(rig.Engine.TryGetHold("ev", out string why) ? why : "", "import limit");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ImportLimit_Headroom_RestoresTheLastShedThatFitsAfterTheHoldOnly()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ImportLimit, 4000.0).IsValid);
        _ = rig.Meter(1500);
        _clock.Advance(TimeSpan.FromSeconds(5));
        _ = rig.Meter(1500);
        Assert.AreEqual(2, rig.Engine.Status.ShedLoads.Count, "precondition: heater and ev shed, 1.5 kW left");

        // 1.5 kW: below 4000 - 200, but the ev (7.4 kW, shed last) does not fit; the heater (2 kW) does. The hold counts
        // from the first read after the settle time of the last shed (5 s from now).
        for (int i = 0; i < 63; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            _ = rig.Meter(1500);
        }

        Assert.AreEqual(2, rig.Engine.Status.ShedLoads.Count, "not before the hold time");
        _clock.Advance(TimeSpan.FromSeconds(2));
        _ = rig.Meter(1500);
        CollectionAssert.AreEqual(new[] { "ev" }, rig.Engine.Status.ShedLoads.ToArray(), "the heater back; the ev does not fit");
        Assert.IsTrue(rig["heater"].IsOn);

        for (int i = 0; i < 600; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            _ = rig.Meter(1500);
        }

        Assert.IsFalse(rig["ev"].IsOn, "3.5 kW + 7.4 kW never fits under 3.8 kW");
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task ImportLimit_BaseLoadSwingingAcrossTheLimit_SwitchingsBounded()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ImportLimit, 3500.0).IsValid);
        int switchings = 0;
        bool heater = rig["heater"].IsOn, ev = rig["ev"].IsOn;
        var peak = 0.0;

        // One hour of a base load swinging 1.5 ± 1 kW with a 2-minute period, read every second.
        for (int s = 0; s < 3600; s++)
        {
            double baseWatts = 1500 + (1000 * Math.Sin(2 * Math.PI * s / 120));
            _ = rig.Meter(baseWatts);
            if (s > 30)
            {
                peak = Math.Max(peak, rig.SiteWatts(baseWatts));
            }

            switchings += (rig["heater"].IsOn != heater ? 1 : 0) + (rig["ev"].IsOn != ev ? 1 : 0);
            heater = rig["heater"].IsOn;
            ev = rig["ev"].IsOn;
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        // The heater may come back in each trough (restore needs 60 s of headroom for it: 1.5-1 + 2 < 3.3 kW only near
        // the trough) and goes again at the next crest: at most one off and one on per 2-minute period, and never more
        // than the relay's rules allow.
        TestContext.WriteLine($"{switchings} switchings in an hour, peak import {peak:F0} W");
        Assert.IsTrue(switchings <= 60, $"{switchings} switchings in an hour");
        Assert.IsFalse(rig["ev"].IsOn, "the ev never fits back");
        Assert.IsTrue(peak <= 3500 + 2000, $"the import stays below the limit but for the heater's settle time: peak {peak} W");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ImportLimit_SetToZero_ReleasesWhatItHeld()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ImportLimit, 9000.0).IsValid);
        _ = rig.Meter(1500);
        CollectionAssert.AreEqual(new[] { "heater" }, rig.Engine.Status.ShedLoads.ToArray());

        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ImportLimit, 0.0).IsValid);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _ = rig.Engine.Evaluate();

        Assert.IsTrue(rig["heater"].IsOn);
        Assert.AreEqual(0, rig.Engine.Status.ShedLoads.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ImportLimit_StaleMeter_HoldsWhatIsShedAndShedsNoMore()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ImportLimit, 3000.0).IsValid);
        _ = rig.Meter(1500);
        Assert.AreEqual(1, rig.Engine.Status.ShedLoads.Count);

        _clock.Advance(TimeSpan.FromMinutes(5)); // no read since: the meter failed
        _ = rig.Engine.Evaluate();

        Assert.AreEqual(1, rig.Engine.Status.ShedLoads.Count);
        Assert.IsTrue(rig["ev"].IsOn, "no action on a stale read");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ImportLimit_Restart_KeepsWhatItShed()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.ImportLimit, 3000.0).IsValid);
        _ = rig.Meter(1500);
        _clock.Advance(TimeSpan.FromSeconds(5));
        _ = rig.Meter(1500);

        await rig.RestartAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        _ = rig.Meter(1500);

        CollectionAssert.AreEquivalent(new[] { "heater", "ev" }, rig.Engine.Status.ShedLoads.ToArray());
        CollectionAssert.AreEqual(new[] { ShedReason.ImportLimit, ShedReason.ImportLimit }, rig.Engine.Status.Reasons.ToArray());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task QuietHours_AcrossMidnight_NonEssentialOffInsideRestoredAfter()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.FromMinutes(2));
        rig.AllOn(); // 17:04 UTC; the fake clock's local zone is UTC
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.QuietHoursStart, new TimeOnly(22, 0)).IsValid);
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.QuietHoursEnd, new TimeOnly(6, 0)).IsValid);

        TimeSpan? next = rig.Engine.Evaluate();
        Assert.AreEqual(5, rig.On().Length, "outside quiet hours");
        Assert.AreEqual(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero), _clock.GetUtcNow() + next!.Value);

        rig.RunUntil(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero));
        CollectionAssert.AreEquivalent(new[] { "fridge", "light" }, rig.On());
        Assert.IsTrue(rig.Engine.Status.QuietHours);
        Assert.IsTrue(rig.Engine.TryGetHold("pump", out string why));
        StringAssert.Contains(why, "quiet hours");

        rig.RunUntil(new DateTimeOffset(2026, 12, 2, 6, 2, 0, TimeSpan.Zero));
        Assert.AreEqual(5, rig.On().Length, "restored inside the window after 06:00");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task QuietHours_StartEqualsEnd_None()
    {
        await using DemandResponseRig rig = CreateRig();
        rig.AllOn();
        rig.RunUntil(_clock.GetUtcNow().AddDays(1));
        Assert.AreEqual(5, rig.On().Length, "the default 22:00–22:00 is no quiet hours");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task EnergyBudget_UsedUp_NonEssentialOffUntilMidnight()
    {
        await using DemandResponseRig rig = CreateRig(TimeSpan.Zero);
        rig.AllOn();
        Assert.IsTrue(rig.Settings.TrySet(rig.Settings.EnergyBudget, 5000L).IsValid);

        _ = rig.Meter(1000, kwh: 100.0); // the day's first read: its start
        _clock.Advance(TimeSpan.FromMinutes(10));
        _ = rig.Meter(1000, kwh: 104.9);
        Assert.AreEqual(5, rig.On().Length, "4.9 kWh of 5");
        Assert.AreEqual(4900, rig.Engine.Status.EnergyTodayWh!.Value, 0.001);

        _clock.Advance(TimeSpan.FromMinutes(1));
        _ = rig.Meter(1000, kwh: 105.0);
        CollectionAssert.AreEquivalent(new[] { "fridge", "light" }, rig.On());
        Assert.IsTrue(rig.Engine.Status.BudgetExceeded);
        CollectionAssert.Contains(rig.Engine.Status.Reasons.ToArray(), ShedReason.EnergyBudget);

        await rig.RestartAsync(); // the day's start survives a restart
        _clock.Advance(TimeSpan.FromMinutes(1));
        _ = rig.Meter(1000, kwh: 105.1);
        Assert.IsTrue(rig.Engine.Status.BudgetExceeded);

        _clock.Advance(new DateTimeOffset(2026, 12, 2, 0, 0, 1, TimeSpan.Zero) - _clock.GetUtcNow());
        _ = rig.Meter(1000, kwh: 110.0); // a new day starts at this read
        Assert.IsFalse(rig.Engine.Status.BudgetExceeded);
        rig.RunUntil(_clock.GetUtcNow().AddMinutes(5));
        CollectionAssert.IsSubsetOf(new[] { "heater", "ev", "pump" }, rig.On());
    }
}
