namespace Edge.Hardware.Gpio;

/// <summary>A debounced change of a <see cref="DigitalInput"/>: the new logical state and when it became stable.</summary>
public sealed class DigitalInputChangedEventArgs(bool isActive, DateTimeOffset timestamp) : EventArgs
{
    /// <summary>The new logical state (after <see cref="DigitalInputOptions.ActiveLow"/> is applied).</summary>
    public bool IsActive { get; } = isActive;

    /// <summary>When the raw edge that led to this state happened (the start of the stable period).</summary>
    public DateTimeOffset Timestamp { get; } = timestamp;
}
