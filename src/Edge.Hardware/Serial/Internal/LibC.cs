using System.Runtime.InteropServices;

namespace Edge.Hardware.Serial.Internal;

/// <summary>
/// The few libc calls a serial port needs (termios(3), poll(2), read(2)/write(2), eventfd(2), ioctl_tty(2)), bound
/// with [LibraryImport] so NativeAOT links them without a native shim of ours. Constants are Linux's for x86-64 and
/// arm64 (asm-generic termbits/ioctls): checked on both with a C probe against glibc's headers (see
/// SerialTtyTests.Termios_Layout_MatchesGlibc), they differ on alpha, mips, powerpc and sparc, which we do not ship.
/// </summary>
internal static unsafe partial class LibC
{
    public const int ORdWr = 0x2;          // O_RDWR
    public const int ONoCtty = 0x100;      // O_NOCTTY: the port must not become the agent's controlling terminal
    public const int ONonBlock = 0x800;    // O_NONBLOCK: open does not wait for carrier; reads/writes never block
    public const int OCloExec = 0x80000;   // O_CLOEXEC

    public const int EfdCloExec = 0x80000; // EFD_CLOEXEC
    public const int EfdNonBlock = 0x800;  // EFD_NONBLOCK

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollErr = 0x8;
    public const short PollHup = 0x10;
    public const short PollNval = 0x20;

    public const int EIntr = 4;
    public const int EIo = 5;
    public const int ENxio = 6;
    public const int EAgain = 11;
    public const int EAcces = 13;
    public const int EBusy = 16;
    public const int ENoDev = 19;
    public const int ENoEnt = 2;
    public const int EPerm = 1;
    public const int ENotTy = 25;

    // termios(3) c_cflag bits.
    public const uint CBaud = 0x100F;      // CBAUD (0010017)
    public const uint CSize = 0x30;        // CSIZE (0000060)
    public const uint CS7 = 0x20;          // CS7 (0000040)
    public const uint CS8 = 0x30;          // CS8 (0000060)
    public const uint CStopB = 0x40;       // CSTOPB (0000100)
    public const uint CRead = 0x80;        // CREAD (0000200)
    public const uint ParEnb = 0x100;      // PARENB (0000400)
    public const uint ParOdd = 0x200;      // PARODD (0001000)
    public const uint HupCl = 0x400;       // HUPCL (0002000)
    public const uint CLocal = 0x800;      // CLOCAL (0004000)
    public const uint CMSpar = 0x40000000; // CMSPAR (010000000000)
    public const uint CRtsCts = 0x80000000; // CRTSCTS (020000000000)

    // termios(3) c_iflag bits.
    public const uint InPck = 0x10;        // INPCK: check the parity of what arrives
    public const uint IxOn = 0x400;        // IXON (0002000)
    public const uint IxAny = 0x800;       // IXANY (0004000)
    public const uint IxOff = 0x1000;      // IXOFF (0010000)

    public const int VTime = 5;            // index of VTIME in c_cc
    public const int VMin = 6;             // index of VMIN in c_cc
    public const int TcsaNow = 0;          // TCSANOW
    public const int TcIFlush = 0;         // TCIFLUSH
    public const int TcIOFlush = 2;        // TCIOFLUSH

    public const nuint TiocExcl = 0x540C;  // TIOCEXCL: further open(2) of the tty fails with EBUSY (ioctl_tty(2))
    public const nuint TiocNXcl = 0x540D;  // TIOCNXCL: exclusive mode off (a pty's tty outlives our close: it would stay on)
    public const nuint TiocGExcl = 0x80045440; // TIOCGEXCL: is the tty in exclusive mode (Linux 3.8+)

    /// <summary>struct termios as glibc defines it on Linux x86-64 and arm64 (bits/termios-struct.h): 60 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Termios
    {
        public uint IFlag;
        public uint OFlag;
        public uint CFlag;
        public uint LFlag;
        public byte Line;
        public fixed byte CC[32]; // NCCS = 32
        public uint ISpeed;
        public uint OSpeed;
    }

    /// <summary>struct pollfd (poll(2)).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, int* argument);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, Termios* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int optionalActions, Termios* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    public static partial void CfMakeRaw(Termios* termios);

    [LibraryImport("libc", EntryPoint = "cfsetispeed", SetLastError = true)]
    public static partial int CfSetISpeed(Termios* termios, uint speed);

    [LibraryImport("libc", EntryPoint = "cfsetospeed", SetLastError = true)]
    public static partial int CfSetOSpeed(Termios* termios, uint speed);

    [LibraryImport("libc", EntryPoint = "cfgetispeed")]
    public static partial uint CfGetISpeed(Termios* termios);

    [LibraryImport("libc", EntryPoint = "cfgetospeed")]
    public static partial uint CfGetOSpeed(Termios* termios);

    [LibraryImport("libc", EntryPoint = "tcflush", SetLastError = true)]
    public static partial int TcFlush(int fd, int queue);

    [LibraryImport("libc", EntryPoint = "tcdrain", SetLastError = true)]
    public static partial int TcDrain(int fd);

    /// <summary>The speed_t B-constant of a rate (termios(3)); false for a rate the kernel has no constant for.</summary>
    public static bool TrySpeed(int baudRate, out uint speed)
    {
        speed = baudRate switch
        {
            50 => 0x1, 75 => 0x2, 110 => 0x3, 134 => 0x4, 150 => 0x5, 200 => 0x6, 300 => 0x7, 600 => 0x8,
            1200 => 0x9, 1800 => 0xA, 2400 => 0xB, 4800 => 0xC, 9600 => 0xD, 19200 => 0xE, 38400 => 0xF,
            57600 => 0x1001, 115200 => 0x1002, 230400 => 0x1003, 460800 => 0x1004, 500000 => 0x1005,
            576000 => 0x1006, 921600 => 0x1007, 1000000 => 0x1008, 1152000 => 0x1009, 1500000 => 0x100A,
            2000000 => 0x100B, 2500000 => 0x100C, 3000000 => 0x100D, 3500000 => 0x100E, 4000000 => 0x100F,
            _ => 0,
        };
        return speed != 0;
    }

    /// <summary>The rate of a speed_t B-constant; 0 for B0 or an unknown constant.</summary>
    public static int BaudRateOf(uint speed)
    {
        foreach (int rate in SerialPortSettings.StandardBaudRates)
        {
            if (TrySpeed(rate, out uint s) && s == speed)
            {
                return rate;
            }
        }

        return 0;
    }
}
