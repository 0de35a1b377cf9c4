namespace Edge.Hardware.FirmwareBridge;

/// <summary>Why the MCU refused a request (the NAK reasons of PROTOCOL.md §2).</summary>
public enum FirmwareBridgeNakReason : byte
{
    None = 0,
    UnknownType = 1,
    Malformed = 2,
    BadChannel = 3,
    BadValue = 4,
    UnsupportedVersion = 5,
    NotReady = 6,
    UnknownOp = 7,
}
