using System.Device.Gpio;
using Edge.Hardware.Gpio;
using Edge.Hardware.Simulation;
using Edge.Things;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Gpio;

[TestClass]
public sealed class S0PulseCounterTests
{
    private const int Pin = 27;
    private static readonly ThingReference Node = new("meter");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Pulses_PulseTrainAt1000ImpPerKwh_GivesEnergyAndPower()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var counter = new S0PulseCounter(new DigitalInput(controller, Pin, timeProvider: clock), Node,
            new S0PulseCounterOptions { ImpulsesPerKilowattHour = 1000 }, clock);

        // One pulse every 3.6 s at 1000 imp/kWh is 1 Wh per 3.6 s = 1000 W. Pulses are 30 ms, active low.
        driver.PulseTrain(Pin, 10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3.6), TimeSpan.FromMilliseconds(30),
            PinValue.Low);
        Advance(clock, TimeSpan.FromSeconds(1 + (9 * 3.6) + 0.1));

        Assert.AreEqual(10, counter.Pulses);
        Assert.AreEqual(10.0, counter.EnergyWattHours, 1e-9);
        Assert.AreEqual(1000.0, counter.GetPower(clock.GetUtcNow()), 1e-6);
    }

    [TestMethod]
    public void GetPower_MeterGoesQuiet_DecaysThenZero()
    {
        var clock = new FakeTimeProvider();
        using var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        var counter = new S0PulseCounter(new DigitalInput(controller, Pin, timeProvider: clock), Node,
            new S0PulseCounterOptions { ImpulsesPerKilowattHour = 2000, PowerTimeout = TimeSpan.FromMinutes(5) },
            clock);
        driver.PulseTrain(Pin, 2, TimeSpan.Zero, TimeSpan.FromSeconds(1.8), TimeSpan.FromMilliseconds(40), PinValue.Low);
        Advance(clock, TimeSpan.FromSeconds(2));

        // 2000 imp/kWh, 1.8 s apart: 3.6e6 / (2000 × 1.8) = 1000 W.
        Assert.AreEqual(1000.0, counter.GetPower(clock.GetUtcNow()), 1e-6);
        DateTimeOffset lastPulse = clock.GetUtcNow() - TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(1.8);
        Assert.AreEqual(100.0, counter.GetPower(lastPulse + TimeSpan.FromSeconds(18)), 1e-6);
        Assert.AreEqual(0.0, counter.GetPower(lastPulse + TimeSpan.FromMinutes(6)));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DisposeAsync_ThenNewCounter_RestoresCountFromFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edge-s0-{Guid.NewGuid():N}", "meter.count");
        try
        {
            var clock = new FakeTimeProvider();
            using var driver = new SimulatedGpioDriver(timeProvider: clock);
            using var controller = new GpioController(driver);
            var options = new S0PulseCounterOptions { ImpulsesPerKilowattHour = 500, StatePath = path };
            var first = new S0PulseCounter(new DigitalInput(controller, Pin, timeProvider: clock), Node, options, clock);
            driver.PulseTrain(Pin, 7, TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50), PinValue.Low);
            Advance(clock, TimeSpan.FromSeconds(8));
            await first.DisposeAsync();
            Assert.AreEqual("7", File.ReadAllText(path).Trim());
            Assert.IsFalse(File.Exists(path + ".tmp"));

            await using var second = new S0PulseCounter(new DigitalInput(controller, Pin, timeProvider: clock), Node,
                options, clock);
            driver.Pulse(Pin, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), PinValue.Low);
            Advance(clock, TimeSpan.FromSeconds(1));

            Assert.AreEqual(8, second.Pulses);
            Assert.AreEqual(16.0, second.EnergyWattHours, 1e-9);
            IReadOnlyList<Field> fields = await second.ReadAsync(clock.GetUtcNow(), TestContext.CancellationTokenSource.Token);
            Assert.AreEqual(16.0, ((NumericValue)fields.Single(f => f.Name == "Energy").Value).Value, 1e-9);
            Assert.AreEqual(8L, ((LongValue)fields.Single(f => f.Name == "Pulses").Value).Value);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [TestMethod]
    public void Pulses_EveryPulse_IsPersistedImmediatelyByDefault()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edge-s0-{Guid.NewGuid():N}.count");
        try
        {
            var clock = new FakeTimeProvider();
            using var driver = new SimulatedGpioDriver(timeProvider: clock);
            using var controller = new GpioController(driver);
            _ = new S0PulseCounter(new DigitalInput(controller, Pin, timeProvider: clock), Node,
                new S0PulseCounterOptions { StatePath = path }, clock);

            driver.PulseTrain(Pin, 3, TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50), PinValue.Low);
            Advance(clock, TimeSpan.FromSeconds(3));

            // Not disposed: a power cut now would still find all three pulses.
            Assert.AreEqual("3", File.ReadAllText(path).Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Constructor_ZeroImpulsesPerKwh_ThrowsNamingOption()
    {
        using var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var input = new DigitalInput(controller, Pin);

        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(
            () => new S0PulseCounter(input, Node, new S0PulseCounterOptions { ImpulsesPerKilowattHour = 0 }));

        Assert.AreEqual("ImpulsesPerKilowattHour", e.ParamName);
    }

    private static void Advance(FakeTimeProvider clock, TimeSpan total)
    {
        TimeSpan step = TimeSpan.FromMilliseconds(5);
        for (TimeSpan t = TimeSpan.Zero; t < total; t += step)
        {
            clock.Advance(step);
        }
    }
}
