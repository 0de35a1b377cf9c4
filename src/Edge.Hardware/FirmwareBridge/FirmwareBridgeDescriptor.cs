namespace Edge.Hardware.FirmwareBridge;

/// <summary>What the hello/descriptor exchange told about an MCU.</summary>
public sealed record FirmwareBridgeDescriptor(uint DeviceId, int ProtocolVersion, Version FirmwareVersion, string Model,
    IReadOnlyList<FirmwareBridgeChannel> Channels);
