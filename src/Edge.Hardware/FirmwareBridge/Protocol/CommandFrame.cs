namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>COMMAND (host → MCU): answered by ACK or NAK with the same <see cref="CommandId"/>.</summary>
public sealed record CommandFrame(ushort CommandId, BridgeCommandOp Op, byte Channel, int Value) : BridgeFrame
{
    public override BridgeFrameType Type => BridgeFrameType.Command;
}
