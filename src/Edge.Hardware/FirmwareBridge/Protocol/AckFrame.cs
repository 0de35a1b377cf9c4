namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>ACK (MCU → host): the command was carried out.</summary>
public sealed record AckFrame(ushort CommandId) : BridgeFrame
{
    public override BridgeFrameType Type => BridgeFrameType.Ack;
}
