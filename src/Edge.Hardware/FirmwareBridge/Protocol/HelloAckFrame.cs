namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>HELLO_ACK (MCU → host): the chosen version and the device; <see cref="ChannelCount"/> CHANNEL frames follow.</summary>
public sealed record HelloAckFrame(ushort CommandId, byte Version, byte ChannelCount, uint DeviceId, byte FirmwareMajor,
    byte FirmwareMinor, string Model) : BridgeFrame
{
    public override BridgeFrameType Type => BridgeFrameType.HelloAck;
}
