using Edge.Hardware.Serial.Internal;

namespace Edge.Hardware.Serial;

/// <summary>A serial line's termios(3) state as tcgetattr returns it (see <see cref="SerialTty.ReadAttributes"/>).</summary>
/// <param name="InputFlags">c_iflag.</param>
/// <param name="OutputFlags">c_oflag.</param>
/// <param name="ControlFlags">c_cflag.</param>
/// <param name="LocalFlags">c_lflag.</param>
/// <param name="MinimumBytes">c_cc[VMIN].</param>
/// <param name="TimeoutDeciseconds">c_cc[VTIME].</param>
/// <param name="InputBaudRate">cfgetispeed as a rate; 0 for none.</param>
/// <param name="OutputBaudRate">cfgetospeed as a rate; 0 for none.</param>
/// <param name="Exclusive">TIOCGEXCL; null where the kernel cannot tell.</param>
public sealed record SerialTtyAttributes(uint InputFlags, uint OutputFlags, uint ControlFlags, uint LocalFlags,
    byte MinimumBytes, byte TimeoutDeciseconds, int InputBaudRate, int OutputBaudRate, bool? Exclusive)
{
    /// <summary>7 or 8 (c_cflag CSIZE).</summary>
    public int DataBits => (ControlFlags & LibC.CSize) == LibC.CS7 ? 7 : (ControlFlags & LibC.CSize) == LibC.CS8 ? 8 : 0;

    /// <summary>Two stop bits (c_cflag CSTOPB).</summary>
    public bool TwoStopBits => (ControlFlags & LibC.CStopB) != 0;

    /// <summary>Odd (PARODD) or mark (CMSPAR | PARODD) parity selected; on a pty PARENB itself is always cleared.</summary>
    public bool ParityOdd => (ControlFlags & LibC.ParOdd) != 0;

    /// <summary>Mark or space parity (CMSPAR).</summary>
    public bool StickParity => (ControlFlags & LibC.CMSpar) != 0;

    /// <summary>Parity generated and checked (PARENB).</summary>
    public bool ParityEnabled => (ControlFlags & LibC.ParEnb) != 0;

    /// <summary>Modem lines ignored and receiver on (CLOCAL | CREAD).</summary>
    public bool LocalAndReceiving => (ControlFlags & (LibC.CLocal | LibC.CRead)) == (LibC.CLocal | LibC.CRead);

    /// <summary>No RTS/CTS (CRTSCTS) and no XON/XOFF (IXON, IXOFF) flow control.</summary>
    public bool NoFlowControl => (ControlFlags & LibC.CRtsCts) == 0 && (InputFlags & (LibC.IxOn | LibC.IxOff)) == 0;
}
