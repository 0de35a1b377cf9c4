using System.Device.Gpio;
using Edge.Hardware.Gpio;
using Edge.Hardware.Simulation;
using Edge.Things;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Gpio;

[TestClass]
public sealed class RelayTests
{
    private const int Pin = 22;
    private static readonly ThingReference Node = new("heater");

    [TestMethod]
    [Timeout(10_000)]
    public async Task Constructor_And_Dispose_ApplyFailSafeState()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var relay = new Relay(controller, Pin, Node, new RelayOptions { FailSafeOn = false, ActiveLow = true }, clock);

        Assert.AreEqual(PinValue.High, driver.GetLevel(Pin)); // active-low: off is high
        Assert.AreEqual(RelaySwitchOutcome.Switched, relay.TrySwitch(true).Outcome);
        Assert.AreEqual(PinValue.Low, driver.GetLevel(Pin));

        await relay.DisposeAsync();

        Assert.AreEqual(PinValue.High, driver.GetLevel(Pin));
        Assert.IsFalse(relay.IsOn);
        Assert.AreEqual(RelaySwitchOutcome.RefusedDisposed, relay.TrySwitch(true).Outcome);
    }

    [TestMethod]
    public void TrySwitch_BeforeMinimumOnTime_IsRefusedWithRetryAfter()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var relay = new Relay(controller, Pin, Node, new RelayOptions { MinimumOnTime = TimeSpan.FromMinutes(2) }, clock);
        Assert.IsTrue(relay.TrySwitch(true).Succeeded);
        clock.Advance(TimeSpan.FromSeconds(30));

        RelaySwitchResult result = relay.TrySwitch(false);

        Assert.AreEqual(RelaySwitchOutcome.RefusedMinimumOnTime, result.Outcome);
        Assert.AreEqual(TimeSpan.FromSeconds(90), result.RetryAfter);
        Assert.IsTrue(result.IsOn);
        Assert.AreEqual(PinValue.High, driver.GetLevel(Pin));
        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.AreEqual(RelaySwitchOutcome.Switched, relay.TrySwitch(false).Outcome);
    }

    [TestMethod]
    public void TrySwitch_BeforeMinimumOffTimeAfterStart_IsRefused()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var relay = new Relay(controller, Pin, Node, new RelayOptions { MinimumOffTime = TimeSpan.FromMinutes(3) }, clock);

        Assert.AreEqual(RelaySwitchOutcome.RefusedMinimumOffTime, relay.TrySwitch(true).Outcome);
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.AreEqual(RelaySwitchOutcome.Switched, relay.TrySwitch(true).Outcome);
    }

    [TestMethod]
    public void TrySwitch_SwitchingLimitReached_RefusedUntilWindowSlides()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var relay = new Relay(controller, Pin, Node, new RelayOptions { MaxSwitchingsPerHour = 4 }, clock);
        for (int i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.AreEqual(RelaySwitchOutcome.Switched, relay.TrySwitch(i % 2 == 0).Outcome);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        RelaySwitchResult refused = relay.TrySwitch(true);

        Assert.AreEqual(RelaySwitchOutcome.RefusedSwitchingLimit, refused.Outcome);
        Assert.AreEqual(TimeSpan.FromMinutes(56), refused.RetryAfter);
        Assert.AreEqual(4, relay.SwitchingsInLastHour);
        clock.Advance(TimeSpan.FromMinutes(56));
        Assert.AreEqual(RelaySwitchOutcome.Switched, relay.TrySwitch(true).Outcome);
    }

    [TestMethod]
    public void TrySwitch_SameState_IsUnchangedAndNotCounted()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var relay = new Relay(controller, Pin, Node, new RelayOptions { MaxSwitchingsPerHour = 1 }, clock);

        RelaySwitchResult result = relay.TrySwitch(false);

        Assert.AreEqual(RelaySwitchOutcome.Unchanged, result.Outcome);
        Assert.IsTrue(result.Succeeded);
        Assert.AreEqual(0, relay.SwitchingsInLastHour);
    }

    [TestMethod]
    public void Switch_Refused_ThrowsWithResult()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var relay = new Relay(controller, Pin, Node, new RelayOptions { MinimumOffTime = TimeSpan.FromMinutes(1) }, clock);

        RelayCommandRefusedException e = Assert.ThrowsExactly<RelayCommandRefusedException>(() => relay.Switch(true));

        Assert.AreEqual(RelaySwitchOutcome.RefusedMinimumOffTime, e.Result.Outcome);
        StringAssert.Contains(e.Message, "minimum 60 s");
    }

    [TestMethod]
    public void Parameter_FollowsRelayState()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var relay = new Relay(controller, Pin, Node, timeProvider: clock);

        relay.Switch(true);

        Assert.IsTrue(relay.Parameter.Value);
    }
}
