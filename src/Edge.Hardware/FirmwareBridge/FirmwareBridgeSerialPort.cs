using System.IO.Ports;
using Edge.Hardware.FirmwareBridge.Internal;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.FirmwareBridge;

/// <summary>Opens the serial port an MCU sits on (8N1, no flow control) for a <see cref="FirmwareBridgeClient"/>.</summary>
public static class FirmwareBridgeSerialPort
{
    public const int DefaultBaudRate = 115200;

    /// <summary>Opens <paramref name="portName"/> (e.g. <c>/dev/ttyAMA0</c>); the returned stream closes the port when disposed.</summary>
    public static Stream OpenStream(string portName, int baudRate = DefaultBaudRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(portName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        var port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 2000,
        };
        try
        {
            port.Open();
            return new SerialPortStream(port);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    /// <summary>Opens the port and creates a client that owns it (not yet started).</summary>
    public static FirmwareBridgeClient Open(string portName, FirmwareBridgeOptions? options = null, int baudRate = DefaultBaudRate,
        TimeProvider? timeProvider = null, ILogger? logger = null) =>
        new(OpenStream(portName, baudRate), options, timeProvider, logger, shouldDispose: true);
}
