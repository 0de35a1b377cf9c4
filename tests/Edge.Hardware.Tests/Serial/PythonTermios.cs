using System.Diagnostics;

namespace Edge.Hardware.Tests.Serial;

/// <summary>
/// An independent look at a tty's line settings: Debian's python3 runs tcgetattr on the device and decodes the flags
/// with its own termios constants, so a wrong constant of ours shows as a mismatch.
/// </summary>
internal static class PythonTermios
{
    private const string Script = """
        import os, sys, termios as t
        fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        i, o, c, l, ispeed, ospeed, cc = t.tcgetattr(fd)
        names = {getattr(t, n): n for n in dir(t) if n.startswith('B') and n[1:].isdigit()}
        print('raw', int(l & (t.ICANON | t.ECHO | t.ECHONL | t.ISIG | t.IEXTEN) == 0 and o & t.OPOST == 0
                         and i & (t.IGNBRK | t.BRKINT | t.PARMRK | t.ISTRIP | t.INLCR | t.IGNCR | t.ICRNL) == 0))
        print('clocal', int(c & t.CLOCAL != 0))
        print('cread', int(c & t.CREAD != 0))
        print('crtscts', int(c & t.CRTSCTS != 0))
        print('ixon', int(i & t.IXON != 0))
        print('ixoff', int(i & t.IXOFF != 0))
        print('inpck', int(i & t.INPCK != 0))
        print('parodd', int(c & t.PARODD != 0))
        print('cmspar', int(c & 0o10000000000 != 0))
        print('cstopb', int(c & t.CSTOPB != 0))
        print('ispeed', names.get(ispeed, '?'))
        print('ospeed', names.get(ospeed, '?'))
        print('vmin', cc[t.VMIN][0] if isinstance(cc[t.VMIN], bytes) else cc[t.VMIN])
        print('vtime', cc[t.VTIME][0] if isinstance(cc[t.VTIME], bytes) else cc[t.VTIME])
        """;

    /// <summary>The decoded settings of <paramref name="device"/>, name → value as python printed it.</summary>
    public static Dictionary<string, string> Read(string device)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(device);
        using Process python = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        string output = python.StandardOutput.ReadToEnd();
        string error = python.StandardError.ReadToEnd();
        if (!python.WaitForExit(20_000) || python.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 tcgetattr failed: {error}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(p => p[0], p => p[1]);
    }
}
