namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>NAK (MCU → host): the request was refused, and why.</summary>
public sealed record NakFrame(ushort CommandId, FirmwareBridgeNakReason Reason) : BridgeFrame
{
    public override BridgeFrameType Type => BridgeFrameType.Nak;
}
