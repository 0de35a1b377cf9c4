using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.FirmwareBridge;

/// <summary>One channel of an MCU, as its CHANNEL descriptor says.</summary>
public sealed record FirmwareBridgeChannel
{
    public FirmwareBridgeChannel(ChannelFrame descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Index = descriptor.Index;
        Kind = descriptor.Kind;
        Name = descriptor.Name;
        Unit = descriptor.Unit;
        Decimals = descriptor.Decimals;
        Period = TimeSpan.FromMilliseconds(descriptor.PeriodMilliseconds);
        Zero = descriptor.Zero;
        Numerator = descriptor.Numerator;
        Denominator = descriptor.Denominator;
    }

    public int Index { get; }

    public FirmwareBridgeChannelKind Kind { get; }

    public string Name { get; }

    public string Unit { get; }

    public int Decimals { get; }

    public TimeSpan Period { get; }

    public int Zero { get; }

    public int Numerator { get; }

    public uint Denominator { get; }

    /// <summary>
    /// The physical value of a raw sample: (raw − zero) × num / den; a counter's raw value is its u32 bits; an output's
    /// is its state, 0 or 1.
    /// </summary>
    public double ToPhysical(int raw) => Kind switch
    {
        FirmwareBridgeChannelKind.Output => raw != 0 ? 1 : 0,
        FirmwareBridgeChannelKind.Counter => ((double)unchecked((uint)raw) - Zero) * Numerator / Denominator,
        _ => ((double)raw - Zero) * Numerator / Denominator,
    };
}
