using System.Runtime.InteropServices;
using Edge.Hardware.Serial.Internal;

namespace Edge.Hardware.Serial;

/// <summary>The line setup (termios(3)) and the errors a technician reads.</summary>
public sealed partial class SerialTty
{
    /// <summary>
    /// The line as the kernel has it now (tcgetattr(3)): what <see cref="Open"/> set, or what a driver made of it.
    /// </summary>
    public unsafe SerialTtyAttributes ReadAttributes()
    {
        using var use = new HandleUse(_fd);
        LibC.Termios t;
        if (LibC.TcGetAttr(_fd.Fd, &t) != 0)
        {
            throw Failure(Path, "tcgetattr", Marshal.GetLastPInvokeError());
        }

        int exclusive = 0;
        bool knowsExclusive = LibC.Ioctl(_fd.Fd, LibC.TiocGExcl, &exclusive) == 0;
        return new SerialTtyAttributes(t.IFlag, t.OFlag, t.CFlag, t.LFlag, t.CC[LibC.VMin], t.CC[LibC.VTime],
            LibC.BaudRateOf(LibC.CfGetISpeed(&t)), LibC.BaudRateOf(LibC.CfGetOSpeed(&t)),
            knowsExclusive ? exclusive != 0 : null);
    }

    /// <summary>
    /// termios(3): cfmakeraw (no echo, no canonical line editing, no signals, no CR/LF translation, 8 bits), then the
    /// character size, parity and stop bits in c_cflag, CLOCAL (ignore modem lines) | CREAD (receiver on), no RTS/CTS
    /// and no XON/XOFF, VMIN 1 / VTIME 0 (a read returns what is there; the waiting is poll's), the speed in and out;
    /// tcsetattr(TCSANOW), and a tcgetattr to check the speed took (tcsetattr succeeds when any change did).
    /// </summary>
    private static unsafe void Configure(string path, int fd, SerialPortSettings settings)
    {
        LibC.Termios t;
        if (LibC.TcGetAttr(fd, &t) != 0)
        {
            throw Failure(path, "tcgetattr", Marshal.GetLastPInvokeError());
        }

        LibC.CfMakeRaw(&t);
        t.IFlag &= ~(LibC.IxOn | LibC.IxOff | LibC.IxAny | LibC.InPck);
        t.CFlag &= ~(LibC.CSize | LibC.ParEnb | LibC.ParOdd | LibC.CMSpar | LibC.CStopB | LibC.CRtsCts);
        t.CFlag |= LibC.CLocal | LibC.CRead | (settings.DataBits == 7 ? LibC.CS7 : LibC.CS8);
        t.CFlag |= settings.Parity switch
        {
            Parity.Odd => LibC.ParEnb | LibC.ParOdd,
            Parity.Even => LibC.ParEnb,
            Parity.Mark => LibC.ParEnb | LibC.CMSpar | LibC.ParOdd,
            Parity.Space => LibC.ParEnb | LibC.CMSpar,
            _ => 0u,
        };
        if (settings.Parity != Parity.None)
        {
            t.IFlag |= LibC.InPck; // a byte with a parity error reads as 0: the frame's CRC then rejects it
        }

        if (settings.StopBits == StopBits.Two)
        {
            t.CFlag |= LibC.CStopB;
        }

        t.CC[LibC.VMin] = 1;
        t.CC[LibC.VTime] = 0;
        if (!LibC.TrySpeed(settings.BaudRate, out uint speed))
        {
            throw new ArgumentException(SerialPortSettings.BaudRateError(settings.BaudRate), nameof(settings));
        }

        if (LibC.CfSetISpeed(&t, speed) != 0 || LibC.CfSetOSpeed(&t, speed) != 0)
        {
            throw Failure(path, "cfsetspeed", Marshal.GetLastPInvokeError());
        }

        if (LibC.TcSetAttr(fd, LibC.TcsaNow, &t) != 0)
        {
            throw Failure(path, "tcsetattr", Marshal.GetLastPInvokeError());
        }

        LibC.Termios applied;
        if (LibC.TcGetAttr(fd, &applied) != 0)
        {
            throw Failure(path, "tcgetattr", Marshal.GetLastPInvokeError());
        }

        // A pty keeps any speed but forces CS8 and no PARENB (drivers/tty/pty.c): only the speed and the stop bits
        // are checked, which every UART driver keeps or refuses.
        if (LibC.CfGetOSpeed(&applied) != speed || (applied.CFlag & LibC.CStopB) != (t.CFlag & LibC.CStopB))
        {
            throw new SerialPortException(
                $"Serial port '{path}' did not take {settings}: its driver set {LibC.BaudRateOf(LibC.CfGetOSpeed(&applied))} baud"
                + $"{((applied.CFlag & LibC.CStopB) != 0 ? " with two stop bits" : string.Empty)}. Choose a speed the adapter supports.");
        }
    }

    /// <summary>The exception for a failed call on <paramref name="path"/>, saying what a technician can do.</summary>
    internal static SerialPortException Failure(string path, string call, int errno)
    {
        string message = errno switch
        {
            LibC.ENoEnt => $"Serial port '{path}' does not exist: plug the adapter in, or correct the port in the profile (ls -l /dev/serial/by-id/).",
            LibC.EAcces or LibC.EPerm => $"Permission denied opening serial port '{path}': add the agent's user to the 'dialout' group (usermod -aG dialout <user>, then log in again) or check the device's permissions (ls -l {path}).",
            LibC.EBusy => $"Serial port '{path}' is in use by another program that opened it exclusively: stop it (fuser -v {path}) — two programs cannot share one bus.",
            LibC.ENotTy => $"'{path}' is not a serial port ({call}: not a terminal): check the port in the profile.",
            LibC.ENxio or LibC.ENoDev => $"Serial port '{path}' has no device behind it ({call}: {Marshal.GetPInvokeErrorMessage(errno)}): is the adapter plugged in and its driver loaded?",
            LibC.EIo => $"Serial port '{path}' hung up ({call}): the adapter was unplugged or the other end closed.",
            _ => $"Serial port '{path}': {call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).",
        };
        return new SerialPortException(message, errno);
    }
}
