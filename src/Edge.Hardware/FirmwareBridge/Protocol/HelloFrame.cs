namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>HELLO (host → MCU): starts or restarts a session, offering a range of protocol versions.</summary>
public sealed record HelloFrame(ushort CommandId, byte MinVersion, byte MaxVersion) : BridgeFrame
{
    public override BridgeFrameType Type => BridgeFrameType.Hello;
}
