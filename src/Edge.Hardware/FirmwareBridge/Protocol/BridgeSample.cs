namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>One sample of a READING: channel index, status and raw value (a pulse count travels as its u32 bits).</summary>
public readonly record struct BridgeSample(byte Index, BridgeSampleStatus Status, int Raw);
