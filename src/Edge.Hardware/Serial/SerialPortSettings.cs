using System.Globalization;

namespace Edge.Hardware.Serial;

/// <summary>
/// The line settings of a serial port: speed, data bits, parity, stop bits. Always raw (no echo, no line editing,
/// no character translation), no flow control, receiver on and modem lines ignored (termios CREAD | CLOCAL).
/// </summary>
/// <param name="BaudRate">One of the standard rates of termios(3) (<see cref="StandardBaudRates"/>).</param>
/// <param name="DataBits">7 or 8.</param>
/// <param name="Parity">None, Odd, Even, Mark or Space.</param>
/// <param name="StopBits">One or Two.</param>
public sealed record SerialPortSettings(int BaudRate, int DataBits = 8, Parity Parity = Parity.None,
    StopBits StopBits = StopBits.One)
{
    /// <summary>The rates a Linux tty takes through cfsetispeed/cfsetospeed (the B-constants of termios(3)).</summary>
    public static IReadOnlyList<int> StandardBaudRates { get; } =
    [
        50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400,
        460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000,
    ];

    /// <summary>Whether <paramref name="baudRate"/> is one of <see cref="StandardBaudRates"/>.</summary>
    public static bool IsStandardBaudRate(int baudRate) => StandardBaudRates.Contains(baudRate);

    /// <summary>Why <paramref name="baudRate"/> cannot be set, naming the rates that can; null when it can.</summary>
    public static string? BaudRateError(int baudRate) => IsStandardBaudRate(baudRate)
        ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"baud rate {baudRate} is not a standard serial speed (termios B-constants); use one of {string.Join(", ", StandardBaudRates.Where(r => r >= 300))}");

    /// <summary>Why <paramref name="stopBits"/> cannot be set; null when it can.</summary>
    public static string? StopBitsError(StopBits stopBits) => stopBits is StopBits.One or StopBits.Two
        ? null
        : $"stop bits '{stopBits}' cannot be set on a Linux serial port; use One or Two";

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting that cannot be applied.</summary>
    public void Validate()
    {
        if (BaudRateError(BaudRate) is { } baud)
        {
            throw new ArgumentException(baud, nameof(BaudRate));
        }

        if (DataBits is not (7 or 8))
        {
            throw new ArgumentException($"data bits '{DataBits}' must be 7 or 8", nameof(DataBits));
        }

        if (!Enum.IsDefined(Parity))
        {
            throw new ArgumentException($"parity '{Parity}' is not one of {string.Join(", ", Enum.GetNames<Parity>())}", nameof(Parity));
        }

        if (StopBitsError(StopBits) is { } stop)
        {
            throw new ArgumentException(stop, nameof(StopBits));
        }
    }

    /// <summary>The usual short form: <c>9600 8E1</c>, <c>115200 8N1</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{BaudRate} {DataBits}{Parity.ToString()[0]}{(StopBits == StopBits.Two ? 2 : 1)}");
}
