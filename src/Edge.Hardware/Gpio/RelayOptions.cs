namespace Edge.Hardware.Gpio;

/// <summary>Options of a <see cref="Relay"/>: the safety rules every command must pass.</summary>
public sealed class RelayOptions
{
    /// <summary>Whether the relay is energised by a low level (most opto-isolated relay boards).</summary>
    public bool ActiveLow { get; set; }

    /// <summary>The state applied when the relay is created and when it is disposed (shutdown).</summary>
    public bool FailSafeOn { get; set; }

    /// <summary>Once on, the relay stays on at least this long (protects compressors, contactors).</summary>
    public TimeSpan MinimumOnTime { get; set; } = TimeSpan.Zero;

    /// <summary>Once off, the relay stays off at least this long.</summary>
    public TimeSpan MinimumOffTime { get; set; } = TimeSpan.Zero;

    /// <summary>The most state changes allowed in any sliding 60-minute window; 0 means no limit.</summary>
    public int MaxSwitchingsPerHour { get; set; }

    internal void Validate()
    {
        if (MinimumOnTime < TimeSpan.Zero)
        {
            throw new ArgumentException($"MinimumOnTime '{MinimumOnTime}' must not be negative.", nameof(MinimumOnTime));
        }

        if (MinimumOffTime < TimeSpan.Zero)
        {
            throw new ArgumentException($"MinimumOffTime '{MinimumOffTime}' must not be negative.",
                nameof(MinimumOffTime));
        }

        if (MaxSwitchingsPerHour < 0)
        {
            throw new ArgumentException($"MaxSwitchingsPerHour '{MaxSwitchingsPerHour}' must not be negative.",
                nameof(MaxSwitchingsPerHour));
        }
    }
}
