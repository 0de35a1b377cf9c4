namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>Why a received frame was dropped (PROTOCOL.md §4).</summary>
public enum BridgeFrameError
{
    None = 0,

    /// <summary>Invalid COBS: a truncated frame or garbage.</summary>
    Cobs,

    /// <summary>Decoded shorter than type + CRC.</summary>
    Runt,

    /// <summary>CRC mismatch: bit errors, lost bytes, two frames merged by a lost delimiter.</summary>
    Crc,

    /// <summary>More than 255 bytes without a delimiter.</summary>
    Oversize,

    /// <summary>CRC good, but the type is not one of the protocol.</summary>
    Unknown,

    /// <summary>CRC good, but the body does not match the type's layout.</summary>
    Malformed,
}
