namespace Edge.Hardware.Serial;

/// <summary>Opens the byte streams the serial drivers (Modbus RTU, firmware bridge) run over.</summary>
public static class SerialStreams
{
    /// <summary>
    /// Opens a real UART (e.g. <c>/dev/ttyAMA0</c>, <c>/dev/ttyUSB0</c>) or a pty (one end of a <c>socat</c> pair) with
    /// its line settings, raw, exclusively, input discarded (<see cref="SerialTty.Open"/>), and returns it as a
    /// <see cref="TtyStream"/> (disposing the stream closes the port). Prefer it to a plain <see cref="FileStream"/> on
    /// the device, whose blocked read can be neither cancelled nor ended by disposing, and would steal the bytes of the
    /// next stream opened on the same pty.
    /// </summary>
    /// <exception cref="ArgumentException">A setting Linux cannot apply (a non-standard baud rate, 1.5 stop bits).</exception>
    /// <exception cref="SerialPortException">The port is missing, not permitted (dialout), busy, or not a serial port.</exception>
    public static TtyStream OpenSerialPort(string path, int baudRate, Parity parity = Parity.None, int dataBits = 8,
        StopBits stopBits = StopBits.One) =>
        new(SerialTty.Open(path, new SerialPortSettings(baudRate, dataBits, parity, stopBits)));
}
