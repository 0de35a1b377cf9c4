namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>READING (MCU → host): the samples of every channel that fell due at <see cref="TickMilliseconds"/>.</summary>
public sealed record ReadingFrame(ushort Sequence, uint TickMilliseconds, IReadOnlyList<BridgeSample> Samples) : BridgeFrame
{
    public override BridgeFrameType Type => BridgeFrameType.Reading;
}
