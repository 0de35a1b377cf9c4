namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>ANNOUNCE (MCU → host): sent after boot and every second while no session exists.</summary>
public sealed record AnnounceFrame(byte MinVersion, byte MaxVersion, uint DeviceId) : BridgeFrame
{
    public override BridgeFrameType Type => BridgeFrameType.Announce;
}
