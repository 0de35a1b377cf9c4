namespace Edge.Hardware.Modbus;

/// <summary>Options of a <see cref="ModbusRtuMaster"/>.</summary>
public sealed class ModbusRtuOptions
{
    /// <summary>The line speed; sets the 3.5-character inter-frame silence.</summary>
    public int BaudRate { get; set; } = 9600;

    /// <summary>Bits per character on the wire: start + 8 data + parity or second stop + stop = 11 (§2.5.1).</summary>
    public int BitsPerCharacter { get; set; } = 11;

    /// <summary>How long to wait for a complete answer.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Further attempts after a timeout or a corrupt answer (exception responses are not retried).</summary>
    public int Retries { get; set; } = 2;

    /// <summary>
    /// The silence between frames: 3.5 character times, or a fixed 1.75 ms above 19200 baud (Modbus over serial
    /// line v1.02 §2.5.1.1).
    /// </summary>
    public TimeSpan InterFrameDelay => BaudRate > 19200
        ? TimeSpan.FromMilliseconds(1.75)
        : TimeSpan.FromSeconds(3.5 * BitsPerCharacter / BaudRate);

    internal void Validate()
    {
        if (BaudRate <= 0)
        {
            throw new ArgumentException($"BaudRate '{BaudRate}' must be positive.", nameof(BaudRate));
        }

        if (BitsPerCharacter is < 10 or > 12)
        {
            throw new ArgumentException($"BitsPerCharacter '{BitsPerCharacter}' must be 10..12.", nameof(BitsPerCharacter));
        }

        if (ResponseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ResponseTimeout '{ResponseTimeout}' must be positive.", nameof(ResponseTimeout));
        }

        if (Retries < 0)
        {
            throw new ArgumentException($"Retries '{Retries}' must not be negative.", nameof(Retries));
        }
    }
}
