namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>
/// CHANNEL (MCU → host): the descriptor of one channel. Physical value = (raw − <see cref="Zero"/>) ×
/// <see cref="Numerator"/> / <see cref="Denominator"/>.
/// </summary>
public sealed record ChannelFrame(byte Index, FirmwareBridgeChannelKind Kind, byte Decimals, ushort PeriodMilliseconds,
    int Zero, int Numerator, uint Denominator, string Unit, string Name) : BridgeFrame
{
    public override BridgeFrameType Type => BridgeFrameType.Channel;
}
