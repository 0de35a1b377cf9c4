using System.Runtime.InteropServices;
using Edge.Hardware.Serial.Internal;
using Microsoft.Win32.SafeHandles;

namespace Edge.Hardware.Serial;

/// <summary>
/// A serial port (a UART such as <c>/dev/ttyAMA0</c>, a USB adapter <c>/dev/ttyUSB0</c>, or one end of a <c>socat</c>
/// pty pair) opened straight through libc: raw mode and the line settings through termios(3), exclusive access
/// (TIOCEXCL, ioctl_tty(2)), and reads that wait in poll(2) with a timeout. Nothing polls on a timer: a thread waiting
/// for bytes sleeps in the kernel until a byte arrives, its timeout ends, or <see cref="Wake"/> is called (an eventfd in
/// the same poll set), so an idle line costs no wake-ups.
/// <para>
/// One reader at a time (<see cref="Read"/>), one writer at a time (<see cref="Write"/>); they may be different threads.
/// <see cref="Dispose"/> wakes a waiting reader, which then throws <see cref="ObjectDisposedException"/>.
/// </para>
/// </summary>
public sealed partial class SerialTty : IDisposable
{
    private readonly FdHandle _fd;
    private readonly FdHandle _wake;
    private int _disposed;

    private SerialTty(string path, SerialPortSettings settings, FdHandle fd, FdHandle wake)
    {
        Path = path;
        Settings = settings;
        _fd = fd;
        _wake = wake;
    }

    /// <summary>The device path it was opened with.</summary>
    public string Path { get; }

    /// <summary>The line settings applied at open.</summary>
    public SerialPortSettings Settings { get; }

    /// <summary>
    /// Opens <paramref name="path"/> read-write (O_NOCTTY: never the agent's controlling terminal; O_NONBLOCK: the
    /// open does not wait for a modem's carrier), takes it exclusively (TIOCEXCL: another process's open fails with
    /// EBUSY, so two programs do not share one meter bus), applies <paramref name="settings"/> in raw mode with no
    /// flow control and CLOCAL | CREAD, and discards whatever was waiting in the input queue (tcflush).
    /// </summary>
    /// <exception cref="ArgumentException">A setting Linux cannot apply (it names the setting).</exception>
    /// <exception cref="SerialPortException">The port is missing, not permitted, busy, or not a serial port; the message says what to do.</exception>
    public static SerialTty Open(string path, SerialPortSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        FdHandle fd = FdHandle.Check(LibC.Open(path, LibC.ORdWr | LibC.ONoCtty | LibC.ONonBlock | LibC.OCloExec), path, "open");
        try
        {
            if (LibC.Ioctl(fd.Fd, LibC.TiocExcl) != 0)
            {
                throw Failure(path, "TIOCEXCL", Marshal.GetLastPInvokeError());
            }

            fd.Exclusive = true;

            Configure(path, fd.Fd, settings);
            if (LibC.TcFlush(fd.Fd, LibC.TcIOFlush) != 0)
            {
                throw Failure(path, "tcflush", Marshal.GetLastPInvokeError());
            }

            FdHandle wake = FdHandle.Check(LibC.EventFd(0, LibC.EfdCloExec | LibC.EfdNonBlock), path, "eventfd");
            return new SerialTty(path, settings, fd, wake);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: no limit; zero: only what is
    /// already there) for bytes and reads what has arrived, at most <paramref name="buffer"/>'s length. Returns the
    /// count, or 0 when the timeout passed or <see cref="Wake"/> was called first. One poll(2) and one read(2) per
    /// call at most, beyond interrupted calls.
    /// </summary>
    /// <exception cref="SerialPortException">The line hung up (adapter unplugged, the other end of a pty closed) or failed.</exception>
    /// <exception cref="ObjectDisposedException">The port was closed, before or during the wait.</exception>
    public unsafe int Read(Span<byte> buffer, TimeSpan timeout)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        long deadline = timeout == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Environment.TickCount64 + (long)Math.Ceiling(Math.Max(0, timeout.TotalMilliseconds));
        using var fdUse = new HandleUse(_fd);
        using var wakeUse = new HandleUse(_wake);
        LibC.PollFd* fds = stackalloc LibC.PollFd[2];
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            nint n;
            fixed (byte* p = buffer)
            {
                n = LibC.Read(_fd.Fd, p, buffer.Length);
            }

            if (n > 0)
            {
                return (int)n;
            }

            int errno = n == 0 ? LibC.EIo : Marshal.GetLastPInvokeError();
            if (errno == LibC.EIntr)
            {
                continue;
            }

            if (errno != LibC.EAgain)
            {
                throw Failure(Path, "read", errno);
            }

            // poll(2): sleep in the kernel until the tty is readable, the eventfd is signalled, or the timeout.
            long left = deadline == long.MaxValue ? -1 : Math.Max(0, deadline - Environment.TickCount64);
            if (left == 0)
            {
                return 0; // nothing there and no time left to wait (a zero timeout costs one read(2))
            }

            fds[0] = new LibC.PollFd { Fd = _fd.Fd, Events = LibC.PollIn };
            fds[1] = new LibC.PollFd { Fd = _wake.Fd, Events = LibC.PollIn };
            int ready = LibC.Poll(fds, 2, (int)Math.Min(left, int.MaxValue));
            if (ready < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EIntr)
                {
                    continue; // a signal (the runtime uses some): wait again for what is left
                }

                throw Failure(Path, "poll", errno);
            }

            if (ready == 0)
            {
                return 0;
            }

            if ((fds[1].REvents & LibC.PollIn) != 0)
            {
                ulong count;
                _ = LibC.Read(_wake.Fd, (byte*)&count, sizeof(ulong)); // reset the counter (EAGAIN if raced: fine)
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                return 0;
            }

            if ((fds[0].REvents & (LibC.PollIn | LibC.PollErr | LibC.PollHup | LibC.PollNval)) == 0)
            {
                continue;
            }

            if ((fds[0].REvents & LibC.PollIn) == 0)
            {
                // POLLHUP/POLLERR with nothing to read: the device is gone (unplugged, the pty's other end closed).
                throw Failure(Path, "poll", LibC.EIo);
            }
        }
    }

    /// <summary>
    /// Makes a <see cref="Read"/> that is waiting (or the next one to wait) return 0 at once. Safe from any thread;
    /// the reader is woken by the eventfd in its poll set, nothing polls.
    /// </summary>
    public unsafe void Wake()
    {
        if (_wake.IsClosed)
        {
            return; // closed: there is no reader left to wake
        }

        try
        {
            using var use = new HandleUse(_wake);
            ulong one = 1;
            _ = LibC.Write(_wake.Fd, (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: the same.
        }
    }

    /// <summary>
    /// Writes all of <paramref name="data"/> (a write(2) loop; when the output queue is full, poll(2) for room up to
    /// <paramref name="timeout"/>). The bytes are queued to the driver; <see cref="Drain"/> waits until they left.
    /// </summary>
    /// <exception cref="TimeoutException">The driver took no more bytes within <paramref name="timeout"/>.</exception>
    /// <exception cref="SerialPortException">The line hung up or failed.</exception>
    public unsafe void Write(ReadOnlySpan<byte> data, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        using var use = new HandleUse(_fd);
        while (!data.IsEmpty)
        {
            nint n;
            fixed (byte* p = data)
            {
                n = LibC.Write(_fd.Fd, p, data.Length);
            }

            if (n > 0)
            {
                data = data[(int)n..];
                continue;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EIntr)
            {
                continue;
            }

            if (errno != LibC.EAgain)
            {
                throw Failure(Path, "write", errno);
            }

            long left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new TimeoutException(
                    $"Serial port '{Path}' took no more bytes for {timeout.TotalMilliseconds:0} ms (its output queue is full).");
            }

            // poll(2) for room in the output queue; a signal or a spurious return just tries the write again.
            var fd = new LibC.PollFd { Fd = _fd.Fd, Events = LibC.PollOut };
            _ = LibC.Poll(&fd, 1, (int)Math.Min(left, int.MaxValue));
        }
    }

    /// <summary>tcdrain(3): blocks until every byte written has been sent on the wire (a frame's end is known).</summary>
    public void Drain() => Call(static fd => LibC.TcDrain(fd), "tcdrain");

    /// <summary>tcflush(3) with TCIFLUSH: discards what was received and not yet read.</summary>
    public void DiscardInput() => Call(static fd => LibC.TcFlush(fd, LibC.TcIFlush), "tcflush");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Wake a reader first: it holds a reference to the fd, so the close happens when it lets go (SafeHandle).
        Wake();
        _fd.Dispose();
        _wake.Dispose();
    }

    private void Call(Func<int, int> call, string what)
    {
        using var use = new HandleUse(_fd);
        while (call(_fd.Fd) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EIntr)
            {
                throw Failure(Path, what, errno);
            }
        }
    }

    /// <summary>
    /// A reference on a handle for the length of one call (SafeHandle's count): a concurrent <see cref="Dispose"/>
    /// defers the close(2) until the call returns, so the descriptor number is never reused under it.
    /// </summary>
    private ref struct HandleUse
    {
        private readonly SafeHandle _handle;
        private bool _added;

        /// <exception cref="ObjectDisposedException">The handle is closed already.</exception>
        public HandleUse(SafeHandle handle)
        {
            _handle = handle;
            handle.DangerousAddRef(ref _added);
        }

        public void Dispose()
        {
            if (_added)
            {
                _added = false;
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>A file descriptor closed once, when the last call using it has returned.</summary>
    private sealed class FdHandle : SafeHandleMinusOneIsInvalid
    {
        private FdHandle(int fd)
            : base(ownsHandle: true) => SetHandle(fd);

        public int Fd => (int)handle;

        public static FdHandle Check(int fd, string path, string what) =>
            fd >= 0 ? new FdHandle(fd) : throw Failure(path, what, Marshal.GetLastPInvokeError());

        /// <summary>Whether closing gives up exclusive mode first (the tty's, not the eventfd's).</summary>
        public bool Exclusive { get; set; }

        protected override bool ReleaseHandle()
        {
            if (Exclusive)
            {
                // TIOCNXCL: a UART's tty goes with its last close, but a pty's lives on with its other end, and would
                // keep refusing everyone else (EBUSY) after we let go.
                _ = LibC.Ioctl((int)handle, LibC.TiocNXcl);
            }

            return LibC.Close((int)handle) == 0;
        }
    }
}
