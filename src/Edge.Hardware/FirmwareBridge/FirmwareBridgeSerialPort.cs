using Edge.Hardware.Serial;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.FirmwareBridge;

/// <summary>Opens the serial port an MCU sits on (8N1, no flow control) for a <see cref="FirmwareBridgeClient"/>.</summary>
public static class FirmwareBridgeSerialPort
{
    public const int DefaultBaudRate = 115200;

    /// <summary>Opens <paramref name="portName"/> (e.g. <c>/dev/ttyAMA0</c>); the returned stream closes the port when disposed.</summary>
    /// <exception cref="SerialPortException">The port is missing, not permitted (dialout), busy, or not a serial port.</exception>
    public static Stream OpenStream(string portName, int baudRate = DefaultBaudRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(portName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        return SerialStreams.OpenSerialPort(portName, baudRate);
    }

    /// <summary>Opens the port and creates a client that owns it (not yet started).</summary>
    public static FirmwareBridgeClient Open(string portName, FirmwareBridgeOptions? options = null, int baudRate = DefaultBaudRate,
        TimeProvider? timeProvider = null, ILogger? logger = null) =>
        new(OpenStream(portName, baudRate), options, timeProvider, logger, shouldDispose: true);
}
