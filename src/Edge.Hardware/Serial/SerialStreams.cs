using System.IO.Ports;

namespace Edge.Hardware.Serial;

/// <summary>Opens the byte streams the serial drivers (Modbus RTU, firmware bridge) run over.</summary>
public static class SerialStreams
{
    /// <summary>
    /// Opens a real UART (e.g. <c>/dev/ttyAMA0</c>, <c>/dev/ttyUSB0</c>) with its line settings, and returns its
    /// base stream (disposing the stream closes the port). This also opens a pty (one end of a <c>socat</c> pair):
    /// prefer it to a plain <see cref="FileStream"/> on the device, whose blocked read can be neither cancelled nor
    /// ended by disposing, and would steal the bytes of the next stream opened on the same pty.
    /// </summary>
    public static Stream OpenSerialPort(string path, int baudRate, Parity parity = Parity.None, int dataBits = 8,
        StopBits stopBits = StopBits.One)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
#pragma warning disable CA2000 // The port is owned by its base stream's lifetime: disposing the stream closes it.
        var port = new SerialPort(path, baudRate, parity, dataBits, stopBits)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 2000,
        };
#pragma warning restore CA2000
        port.Open();
        port.DiscardInBuffer();
        return port.BaseStream;
    }
}
