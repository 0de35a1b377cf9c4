namespace Edge.Hardware.Serial;

/// <summary>
/// The stop bits of a serial line. The names and numbers are those profiles have always used (<c>"stopBits": "Two"</c>);
/// a Linux UART has one or two (termios CSTOPB), so <see cref="None"/> and <see cref="OnePointFive"/> are refused
/// when the profile is loaded and when a port is opened.
/// </summary>
public enum StopBits
{
    /// <summary>Not a valid line setting (kept so the names and numbers profiles use stay the same).</summary>
    None = 0,

    /// <summary>One stop bit.</summary>
    One = 1,

    /// <summary>Two stop bits (termios CSTOPB): Modbus RTU's 8N2 when there is no parity.</summary>
    Two = 2,

    /// <summary>1.5 stop bits: not offered by termios on Linux.</summary>
    OnePointFive = 3,
}
