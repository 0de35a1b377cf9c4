namespace Edge.Hardware.FirmwareBridge;

/// <summary>What a firmware-bridge channel is.</summary>
public enum FirmwareBridgeChannelKind : byte
{
    None = 0,
    Analog = 1,
    Counter = 2,
    Output = 3,
}
