using System.Device.Gpio;
using System.Diagnostics;

namespace Edge.Hardware.Dht;

/// <summary>
/// Captures a DHT22 transmission by polling a GPIO pin (AM2302 datasheet §7): the host pulls the line low ≥ 1 ms,
/// releases it, the sensor answers 80 µs low + 80 µs high, then sends 40 bits. Polling from user space works on a
/// Pi 4/5 when the CPU is not busy; a capture that misses edges fails the checksum and is retried next cycle.
/// </summary>
public sealed class GpioDht22PulseSource(GpioController controller, int pin, bool shouldDispose = false)
    : IDht22PulseSource
{
    private static readonly long Timeout = Stopwatch.Frequency / 10_000; // 100 µs

    public IReadOnlyList<TimeSpan> Capture()
    {
        if (!controller.IsPinOpen(pin))
        {
            controller.OpenPin(pin);
        }

        controller.SetPinMode(pin, PinMode.Output);
        controller.Write(pin, PinValue.Low);
        Thread.Sleep(2);
        controller.SetPinMode(pin, PinMode.InputPullUp);

        // Response: (high until the sensor pulls low), low 80 µs, high 80 µs, then the first bit's low.
        WaitFor(PinValue.Low);
        WaitFor(PinValue.High);
        WaitFor(PinValue.Low);
        var widths = new List<TimeSpan>(40);
        for (int i = 0; i < 40; i++)
        {
            WaitFor(PinValue.High);
            long start = Stopwatch.GetTimestamp();
            WaitFor(PinValue.Low);
            widths.Add(Stopwatch.GetElapsedTime(start));
        }

        return widths;
    }

    public void Dispose()
    {
        if (controller.IsPinOpen(pin))
        {
            controller.ClosePin(pin);
        }

        if (shouldDispose)
        {
            controller.Dispose();
        }
    }

    private void WaitFor(PinValue level)
    {
        long start = Stopwatch.GetTimestamp();
        while (controller.Read(pin) != level)
        {
            if (Stopwatch.GetTimestamp() - start > Timeout)
            {
                throw new IOException($"DHT22 on pin {pin} did not answer (waiting for {level}).");
            }
        }
    }
}
