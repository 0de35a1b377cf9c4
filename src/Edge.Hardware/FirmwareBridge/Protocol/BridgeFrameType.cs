namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>The frame types of protocol version 1 (PROTOCOL.md §2). Values below 0x80 travel host → MCU.</summary>
public enum BridgeFrameType : byte
{
    Hello = 0x01,
    Command = 0x02,
    Announce = 0x80,
    HelloAck = 0x81,
    Channel = 0x82,
    Reading = 0x83,
    Ack = 0x84,
    Nak = 0x85,
}
