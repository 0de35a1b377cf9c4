using System.Diagnostics;
using System.Runtime.InteropServices;
using Edge.Hardware.Serial;
using Edge.Hardware.Serial.Internal;
using Edge.Testing.Serial;

namespace Edge.Hardware.Tests.Serial;

/// <summary>
/// <see cref="SerialTty"/> on real ptys (socat): the line settings as the kernel keeps them, read back independently
/// by python3's termios; exclusive access; waits, wake-ups and hang-ups; the errors a technician reads.
/// </summary>
[TestClass]
[TestCategory("Serial")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SerialTtyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Open_9600_8N1_KernelHasRawLocalNoFlowControl()
    {
        using var pair = new SocatPtyPair();
        using SerialTty tty = SerialTty.Open(pair.PathA, new SerialPortSettings(9600));

        Dictionary<string, string> seen = PythonTermios.Read(pair.PathA);

        Assert.AreEqual("1", seen["raw"], "ICANON/ECHO/ISIG/IEXTEN, OPOST and the input translations must be off");
        Assert.AreEqual("1", seen["clocal"]);
        Assert.AreEqual("1", seen["cread"]);
        Assert.AreEqual("0", seen["crtscts"]);
        Assert.AreEqual("0", seen["ixon"]);
        Assert.AreEqual("0", seen["ixoff"]);
        Assert.AreEqual("0", seen["inpck"]);
        Assert.AreEqual("0", seen["cstopb"]);
        Assert.AreEqual("B9600", seen["ispeed"]);
        Assert.AreEqual("B9600", seen["ospeed"]);
        Assert.AreEqual("1", seen["vmin"]);
        Assert.AreEqual("0", seen["vtime"]);
    }

    [TestMethod]
    [DataRow(19200, Parity.Odd, StopBits.Two, "B19200", "1", "0", "1")]
    [DataRow(115200, Parity.Mark, StopBits.One, "B115200", "1", "1", "0")]
    [DataRow(4800, Parity.Space, StopBits.Two, "B4800", "0", "1", "1")]
    [DataRow(230400, Parity.None, StopBits.Two, "B230400", "0", "0", "1")]
    public void Open_LineSettings_KernelKeepsSpeedParityAndStopBits(int baud, Parity parity, StopBits stopBits,
        string speed, string parodd, string cmspar, string cstopb)
    {
        using var pair = new SocatPtyPair();
        using SerialTty tty = SerialTty.Open(pair.PathA, new SerialPortSettings(baud, 8, parity, stopBits));

        // A pty forces CS8 and clears PARENB whatever is asked (drivers/tty/pty.c, pty_set_termios); it keeps the
        // speed, PARODD, CMSPAR and CSTOPB, which is what can be read back here.
        Dictionary<string, string> seen = PythonTermios.Read(pair.PathA);
        SerialTtyAttributes ours = tty.ReadAttributes();

        Assert.AreEqual(speed, seen["ospeed"]);
        Assert.AreEqual(speed, seen["ispeed"]);
        Assert.AreEqual(parodd, seen["parodd"]);
        Assert.AreEqual(cmspar, seen["cmspar"]);
        Assert.AreEqual(cstopb, seen["cstopb"]);
        Assert.AreEqual(parity == Parity.None ? "0" : "1", seen["inpck"], "parity is checked on input when there is one");
        Assert.AreEqual(baud, ours.OutputBaudRate);
        Assert.AreEqual(baud, ours.InputBaudRate);
        Assert.AreEqual(parodd == "1", ours.ParityOdd);
        Assert.AreEqual(cmspar == "1", ours.StickParity);
        Assert.AreEqual(stopBits == StopBits.Two, ours.TwoStopBits);
        Assert.IsTrue(ours.LocalAndReceiving);
        Assert.IsTrue(ours.NoFlowControl);
        Assert.AreEqual(8, ours.DataBits);
    }

    [TestMethod]
    public void Open_Port_IsExclusiveAndAnotherUserGetsEbusy()
    {
        using var pair = new SocatPtyPair();
        using SerialTty tty = SerialTty.Open(pair.PathA, new SerialPortSettings(9600));
        Assert.IsTrue(tty.ReadAttributes().Exclusive, "TIOCGEXCL");

        if (!Environment.IsPrivilegedProcess)
        {
            // Not root: the second open is our own, and the kernel refuses it like any other.
            SerialPortException busy = Assert.ThrowsExactly<SerialPortException>(() => SerialTty.Open(pair.PathA, new SerialPortSettings(9600)));
            Assert.AreEqual(16, busy.Errno);
            StringAssert.Contains(busy.Message, "is in use by another program");
            tty.Dispose();
            SerialTty.Open(pair.PathA, new SerialPortSettings(9600)).Dispose();
            return;
        }

        // Root (CAP_SYS_ADMIN) passes TIOCEXCL by design (ioctl_tty(2)): the other program is an unprivileged user,
        // given the permission to open the device so that only the exclusive mode stands in its way.
        File.SetUnixFileMode(pair.DeviceA, (UnixFileMode)0x1B6); // 0666
        Assert.AreEqual("16", OpenAsNobody(pair.DeviceA), "EBUSY expected while the port is ours");
        Assert.AreEqual(16, SerialTty.Failure(pair.PathA, "open", 16).Errno);
        StringAssert.Contains(SerialTty.Failure(pair.PathA, "open", 16).Message, "is in use by another program");
        tty.Dispose();
        Assert.AreEqual("opened", OpenAsNobody(pair.DeviceA), "closing gives the port up (TIOCNXCL)");
    }

    [TestMethod]
    [DataRow("/dev/ttyUSB-edge-missing", 2, "'/dev/ttyUSB-edge-missing' does not exist: plug the adapter in")] // ENOENT
    [DataRow("/dev/null", 25, "'/dev/null' is not a serial port")] // ENOTTY (TIOCEXCL on a character device that is no tty)
    public void Open_NoSerialPortThere_SaysWhatToDo(string path, int errno, string message)
    {
        SerialPortException e = Assert.ThrowsExactly<SerialPortException>(() => SerialTty.Open(path, new SerialPortSettings(9600)));

        Assert.AreEqual(errno, e.Errno);
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    public void Open_NoPermission_NamesTheDialoutGroup()
    {
        using var pair = new SocatPtyPair();
        SerialPortException e;
        if (!Environment.IsPrivilegedProcess)
        {
            // Not root: our own pty with no permission for anyone.
            File.SetUnixFileMode(pair.DeviceA, UnixFileMode.None);
            e = Assert.ThrowsExactly<SerialPortException>(() => SerialTty.Open(pair.PathA, new SerialPortSettings(9600)));
        }
        else
        {
            // Root, whom no file mode stops: an unprivileged user shows the kernel's EACCES on a 0600 device, and the
            // message the agent gives for exactly that errno is checked.
            File.SetUnixFileMode(pair.DeviceA, (UnixFileMode)0x180); // 0600, owned by root
            Assert.AreEqual("13", OpenAsNobody(pair.DeviceA), "EACCES for a user outside the device's group");
            e = SerialTty.Failure(pair.PathA, "open", 13);
        }

        StringAssert.Contains(e.Message, "'dialout' group");
        Assert.AreEqual(13, e.Errno);
    }

    [TestMethod]
    [DataRow(250000, StopBits.One, "baud rate 250000 is not a standard serial speed")]
    [DataRow(9600, StopBits.OnePointFive, "stop bits 'OnePointFive' cannot be set")]
    [DataRow(9600, StopBits.None, "stop bits 'None' cannot be set")]
    public void Open_SettingLinuxCannotApply_ThrowsNamingIt(int baud, StopBits stopBits, string message)
    {
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(
            () => SerialTty.Open("/dev/null", new SerialPortSettings(baud, 8, Parity.None, stopBits)));

        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    [Timeout(30_000)]
    public void Read_PeerWrites_ReturnsTheBytes()
    {
        using var pair = new SocatPtyPair();
        using SerialTty tty = SerialTty.Open(pair.PathA, new SerialPortSettings(115200));
        using SerialTty peer = SerialTty.Open(pair.PathB, new SerialPortSettings(115200));

        peer.Write([1, 2, 3, 0x0A, 0x0D, 0x11, 0x13], TimeSpan.FromSeconds(2));

        byte[] got = ReadExactly(tty, 7, TimeSpan.FromSeconds(5));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 0x0A, 0x0D, 0x11, 0x13 }, got, "raw: no CR/LF translation, XON/XOFF are data");
    }

    [TestMethod]
    [Timeout(30_000)]
    public void Read_NothingArrives_ReturnsZeroWhenTheTimeoutEnds()
    {
        using var pair = new SocatPtyPair();
        using SerialTty tty = SerialTty.Open(pair.PathA, new SerialPortSettings(9600));
        var watch = Stopwatch.StartNew();

        int n = tty.Read(new byte[16], TimeSpan.FromMilliseconds(200));

        Assert.AreEqual(0, n);
        Assert.IsTrue(watch.Elapsed >= TimeSpan.FromMilliseconds(190), $"returned after {watch.Elapsed}");
        Assert.AreEqual(0, tty.Read(new byte[16], TimeSpan.Zero));
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Wake_ReaderWaitingWithoutTimeout_ReturnsZero()
    {
        using var pair = new SocatPtyPair();
        using SerialTty tty = SerialTty.Open(pair.PathA, new SerialPortSettings(9600));
        Task<int> read = await StartWaitingReadAsync(tty);
        Assert.IsFalse(read.IsCompleted);

        tty.Wake();

        Assert.AreEqual(0, await read.WaitAsync(TimeSpan.FromSeconds(5), TestContext.CancellationTokenSource.Token));
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Read_PtyHangsUp_ThrowsSerialPortExceptionSayingSo()
    {
        using var pair = new SocatPtyPair();
        using SerialTty tty = SerialTty.Open(pair.PathA, new SerialPortSettings(9600));
        Task<int> read = await StartWaitingReadAsync(tty);

        pair.Hangup();

        SerialPortException e = await Assert.ThrowsExactlyAsync<SerialPortException>(
            () => read.WaitAsync(TimeSpan.FromSeconds(5), TestContext.CancellationTokenSource.Token));
        StringAssert.Contains(e.Message, "hung up");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Dispose_ReaderWaiting_ThrowsObjectDisposed()
    {
        using var pair = new SocatPtyPair();
        SerialTty tty = SerialTty.Open(pair.PathA, new SerialPortSettings(9600));
        Task<int> read = await StartWaitingReadAsync(tty);

        tty.Dispose();

        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(
            () => read.WaitAsync(TimeSpan.FromSeconds(5), TestContext.CancellationTokenSource.Token));
    }

    [TestMethod]
    public void Termios_Layout_MatchesGlibc()
    {
        // glibc's struct termios on x86-64 and arm64 (checked with a C probe against both sets of headers, the arm64
        // one run under qemu-aarch64): 60 bytes, c_cc at 17 with NCCS = 32, c_ispeed at 52, c_ospeed at 56.
        Assert.AreEqual(60, Marshal.SizeOf<LibC.Termios>());
        Assert.AreEqual(16, (int)Marshal.OffsetOf<LibC.Termios>(nameof(LibC.Termios.Line)));
        Assert.AreEqual(17, (int)Marshal.OffsetOf<LibC.Termios>(nameof(LibC.Termios.CC)));
        Assert.AreEqual(52, (int)Marshal.OffsetOf<LibC.Termios>(nameof(LibC.Termios.ISpeed)));
        Assert.AreEqual(56, (int)Marshal.OffsetOf<LibC.Termios>(nameof(LibC.Termios.OSpeed)));
    }

    /// <summary>A read with no timeout on a thread of its own, given 100 ms to be waiting in poll(2).</summary>
    private async Task<Task<int>> StartWaitingReadAsync(SerialTty tty)
    {
        Task<int> read = Task.Factory.StartNew(() => tty.Read(new byte[16], Timeout.InfiniteTimeSpan),
            TestContext.CancellationTokenSource.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.Delay(100, TestContext.CancellationTokenSource.Token);
        return read;
    }

    internal static byte[] ReadExactly(SerialTty tty, int count, TimeSpan timeout)
    {
        byte[] buffer = new byte[count];
        int filled = 0;
        var watch = Stopwatch.StartNew();
        while (filled < count)
        {
            TimeSpan left = timeout - watch.Elapsed;
            Assert.IsTrue(left > TimeSpan.Zero, $"only {filled} of {count} bytes arrived");
            filled += tty.Read(buffer.AsSpan(filled), left);
        }

        return buffer;
    }

    /// <summary>open(2) of <paramref name="device"/> by user nobody (python3 under setpriv): "opened" or the errno.</summary>
    private static string OpenAsNobody(string device)
    {
        const string script = "import os, sys\ntry:\n    os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)\n    print('opened')\n"
            + "except OSError as e:\n    print(e.errno)";
        var info = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, device })
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info) ?? throw new InvalidOperationException("setpriv did not start");
        string output = p.StandardOutput.ReadToEnd().Trim();
        string error = p.StandardError.ReadToEnd();
        Assert.IsTrue(p.WaitForExit(20_000), "setpriv python3 did not end");
        Assert.AreEqual(0, p.ExitCode, error);
        return output;
    }
}
