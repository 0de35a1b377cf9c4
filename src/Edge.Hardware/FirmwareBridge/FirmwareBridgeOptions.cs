using System.Globalization;

namespace Edge.Hardware.FirmwareBridge;

/// <summary>Options of a <see cref="FirmwareBridgeClient"/> (the timings of PROTOCOL.md §3).</summary>
public sealed class FirmwareBridgeOptions
{
    /// <summary>The node id the MCU's fields are reported under (one node per MCU).</summary>
    public string NodeId { get; set; } = "firmware-bridge";

    /// <summary>How long to wait for HELLO_ACK and every CHANNEL before sending HELLO again.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many HELLOs <see cref="FirmwareBridgeClient.StartAsync"/> sends before it gives up.</summary>
    public int HandshakeAttempts { get; set; } = 3;

    /// <summary>No valid frame for this long: the bridge is silent, every field goes Missing | Error, HELLO again.</summary>
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for the ACK/NAK of one attempt of a command.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times a command is re-sent (with the same id) after a timeout.</summary>
    public int CommandRetries { get; set; } = 2;

    /// <summary>Capacity of <see cref="FirmwareBridgeClient.Readings"/>; when full, the oldest reading is dropped.</summary>
    public int ReadingBufferCapacity { get; set; } = 256;

    /// <summary>Throws with a message quoting the bad value if an option is out of range.</summary>
    public void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value,
                    string.Create(CultureInfo.InvariantCulture, $"FirmwareBridge:{name} must be positive, was '{value}'."));
            }
        }

        if (string.IsNullOrWhiteSpace(NodeId))
        {
            throw new ArgumentException($"FirmwareBridge:{nameof(NodeId)} must not be empty, was '{NodeId}'.", nameof(NodeId));
        }

        Positive(HandshakeTimeout, nameof(HandshakeTimeout));
        Positive(SilenceTimeout, nameof(SilenceTimeout));
        Positive(CommandTimeout, nameof(CommandTimeout));
        if (HandshakeAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HandshakeAttempts), HandshakeAttempts,
                $"FirmwareBridge:{nameof(HandshakeAttempts)} must be at least 1, was '{HandshakeAttempts}'.");
        }

        if (CommandRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CommandRetries), CommandRetries,
                $"FirmwareBridge:{nameof(CommandRetries)} must not be negative, was '{CommandRetries}'.");
        }

        if (ReadingBufferCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadingBufferCapacity), ReadingBufferCapacity,
                $"FirmwareBridge:{nameof(ReadingBufferCapacity)} must be at least 1, was '{ReadingBufferCapacity}'.");
        }
    }
}
