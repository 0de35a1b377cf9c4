namespace Edge.Hardware.FirmwareBridge;

/// <summary>The receive counters of a <see cref="FirmwareBridgeClient"/> (PROTOCOL.md §4).</summary>
public sealed record FirmwareBridgeStatistics
{
    /// <summary>Frames that passed COBS and CRC.</summary>
    public long FramesReceived { get; init; }

    public long CobsErrors { get; init; }

    public long RuntFrames { get; init; }

    public long CrcErrors { get; init; }

    public long OversizeFrames { get; init; }

    /// <summary>CRC-good frames of an unknown type or the wrong direction.</summary>
    public long UnknownFrames { get; init; }

    /// <summary>CRC-good frames whose body breaks the layout (or names a channel the descriptor lacks).</summary>
    public long MalformedFrames { get; init; }

    /// <summary>READINGs accepted.</summary>
    public long ReadingsAccepted { get; init; }

    /// <summary>READINGs known lost from the sequence gaps.</summary>
    public long ReadingsLost { get; init; }

    /// <summary>READINGs dropped as duplicate or behind the sequence.</summary>
    public long OutOfOrderReadings { get; init; }

    /// <summary>Frames valid in themselves but not expected now (a READING before the handshake, a late ACK).</summary>
    public long UnexpectedFrames { get; init; }

    /// <summary>Completed hello/descriptor exchanges.</summary>
    public long Handshakes { get; init; }

    /// <summary>Command attempts re-sent after a timeout.</summary>
    public long CommandRetries { get; init; }

    /// <summary>Every frame dropped by the receiver for damage: COBS, runt, CRC and oversize.</summary>
    public long CorruptFrames => CobsErrors + RuntFrames + CrcErrors + OversizeFrames;
}
