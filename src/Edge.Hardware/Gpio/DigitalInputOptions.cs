using System.Device.Gpio;

namespace Edge.Hardware.Gpio;

/// <summary>Options of a <see cref="DigitalInput"/>.</summary>
public sealed class DigitalInputOptions
{
    /// <summary>The input mode: plain, or with the SoC's internal pull-up / pull-down.</summary>
    public PinMode Mode { get; set; } = PinMode.InputPullUp;

    /// <summary>
    /// A level must stay unchanged this long before it counts. Mechanical contacts bounce for 1–10 ms; an S0 output
    /// is an open-collector transistor whose pulse lasts ≥ 30 ms (IEC 62053-31), so 10 ms suits both.
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Whether the low level means "active" (a contact to ground with a pull-up, the usual S0 wiring).</summary>
    public bool ActiveLow { get; set; } = true;

    internal void Validate()
    {
        if (Mode is not (PinMode.Input or PinMode.InputPullUp or PinMode.InputPullDown))
        {
            throw new ArgumentException($"Mode '{Mode}' is not an input mode.", nameof(Mode));
        }

        if (Debounce < TimeSpan.Zero)
        {
            throw new ArgumentException($"Debounce '{Debounce}' must not be negative.", nameof(Debounce));
        }
    }
}
