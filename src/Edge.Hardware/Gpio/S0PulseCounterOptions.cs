namespace Edge.Hardware.Gpio;

/// <summary>Options of an <see cref="S0PulseCounter"/>.</summary>
public sealed class S0PulseCounterOptions
{
    /// <summary>The meter's constant, printed on it: impulses per kWh (e.g. 1000, 2000, 800).</summary>
    public double ImpulsesPerKilowattHour { get; set; } = 1000;

    /// <summary>
    /// Where the count is persisted (written atomically: temp file, flush, rename). <c>null</c> keeps it in memory.
    /// </summary>
    public string? StatePath { get; set; }

    /// <summary>
    /// The shortest time between two writes of the count. Zero (the default) writes on every pulse, so nothing is
    /// lost even on power loss; a few seconds spares an SD card on high-rate meters at the risk of that window.
    /// The count is always written on dispose.
    /// </summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.Zero;

    /// <summary>With no pulse for this long the power reads 0 W.</summary>
    public TimeSpan PowerTimeout { get; set; } = TimeSpan.FromMinutes(10);

    internal void Validate()
    {
        if (!(ImpulsesPerKilowattHour > 0) || !double.IsFinite(ImpulsesPerKilowattHour))
        {
            throw new ArgumentException(
                $"ImpulsesPerKilowattHour '{ImpulsesPerKilowattHour}' must be a positive number.",
                nameof(ImpulsesPerKilowattHour));
        }

        if (PersistInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"PersistInterval '{PersistInterval}' must not be negative.",
                nameof(PersistInterval));
        }

        if (PowerTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"PowerTimeout '{PowerTimeout}' must be positive.", nameof(PowerTimeout));
        }
    }
}
