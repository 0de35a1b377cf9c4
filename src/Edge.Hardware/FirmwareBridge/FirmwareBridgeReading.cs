using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.FirmwareBridge;

/// <summary>An accepted READING: in sequence (gaps counted), every sample naming a channel of the descriptor.</summary>
public sealed record FirmwareBridgeReading(ushort Sequence, uint TickMilliseconds, DateTimeOffset ReceivedAt,
    IReadOnlyList<BridgeSample> Samples);
