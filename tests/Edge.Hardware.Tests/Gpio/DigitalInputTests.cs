using System.Device.Gpio;
using Edge.Hardware.Gpio;
using Edge.Hardware.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Gpio;

[TestClass]
public sealed class DigitalInputTests
{
    private const int Pin = 17;

    [TestMethod]
    public void Changed_BouncingContact_RaisesOnceAfterDebounce()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        using var input = new DigitalInput(controller, Pin,
            new DigitalInputOptions { Debounce = TimeSpan.FromMilliseconds(10) }, clock);
        var changes = new List<DigitalInputChangedEventArgs>();
        input.Changed += (_, e) => changes.Add(e);
        DateTimeOffset start = clock.GetUtcNow();

        // Pull-up idle high; the contact closes (low) with three bounces 1 ms apart.
        driver.Schedule(Pin, TimeSpan.FromMilliseconds(1), PinValue.Low);
        driver.Schedule(Pin, TimeSpan.FromMilliseconds(2), PinValue.High);
        driver.Schedule(Pin, TimeSpan.FromMilliseconds(3), PinValue.Low);
        driver.Schedule(Pin, TimeSpan.FromMilliseconds(4), PinValue.High);
        driver.Schedule(Pin, TimeSpan.FromMilliseconds(5), PinValue.Low);
        for (int i = 0; i < 30; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.AreEqual(1, changes.Count);
        Assert.IsTrue(changes[0].IsActive);
        Assert.AreEqual(start + TimeSpan.FromMilliseconds(5), changes[0].Timestamp);
        Assert.AreEqual(5, input.RawEdgeCount);
        Assert.IsTrue(input.IsActive);
    }

    [TestMethod]
    public void Changed_GlitchShorterThanDebounce_IsIgnored()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        using var input = new DigitalInput(controller, Pin,
            new DigitalInputOptions { Debounce = TimeSpan.FromMilliseconds(10) }, clock);
        int changes = 0;
        input.Changed += (_, _) => changes++;

        driver.Pulse(Pin, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3), PinValue.Low);
        for (int i = 0; i < 30; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.AreEqual(0, changes);
        Assert.IsFalse(input.IsActive);
    }

    [TestMethod]
    public void IsActive_ActiveHighWithPullDown_FollowsLevel()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        using var input = new DigitalInput(controller, Pin, new DigitalInputOptions
        {
            Mode = PinMode.InputPullDown,
            ActiveLow = false,
            Debounce = TimeSpan.Zero,
        }, clock);

        Assert.IsFalse(input.IsActive);
        driver.SetInput(Pin, PinValue.High);
        Assert.IsTrue(input.IsActive);
    }

    [TestMethod]
    public void Dispose_ClosesPin()
    {
        using var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        var input = new DigitalInput(controller, Pin);
        Assert.IsTrue(driver.IsOpen(Pin));

        input.Dispose();
        input.Dispose();

        Assert.IsFalse(driver.IsOpen(Pin));
    }
}
