namespace Edge.Hardware.Serial;

/// <summary>
/// The parity bit of a serial line. The names and numbers are those profiles have always used
/// (<c>"parity": "Even"</c>, case-insensitive), so existing <c>hardware/profiles/*.json</c> read the same.
/// </summary>
public enum Parity
{
    /// <summary>No parity bit (8N1, 8N2).</summary>
    None = 0,

    /// <summary>Odd parity (termios PARENB | PARODD).</summary>
    Odd = 1,

    /// <summary>Even parity (termios PARENB), Modbus RTU's default 8E1.</summary>
    Even = 2,

    /// <summary>Parity bit always 1 (Linux CMSPAR | PARODD).</summary>
    Mark = 3,

    /// <summary>Parity bit always 0 (Linux CMSPAR).</summary>
    Space = 4,
}
