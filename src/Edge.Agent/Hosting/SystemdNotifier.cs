using System.Net.Sockets;
using System.Text;

namespace Edge.Agent.Hosting;

/// <summary>
/// The sd_notify protocol (sd_notify(3)): one datagram of <c>KEY=VALUE</c> lines to the unix socket systemd names in
/// <c>NOTIFY_SOCKET</c> (a path, or an abstract name written with a leading <c>@</c>). No library: a datagram socket is
/// all it takes, and it stays NativeAOT-clean.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endPoint;

    /// <param name="socketPath">The <c>NOTIFY_SOCKET</c> value.</param>
    public SystemdNotifier(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>A notifier for <c>NOTIFY_SOCKET</c>, or null when the agent does not run under systemd's notify type.</summary>
    public static SystemdNotifier? FromEnvironment() =>
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 } path ? new SystemdNotifier(path) : null;

    /// <summary>The watchdog interval systemd asks for (<c>WATCHDOG_USEC</c>; <c>WATCHDOG_PID</c>, when set, must be ours).</summary>
    public static TimeSpan? WatchdogInterval()
    {
        if (Environment.GetEnvironmentVariable("WATCHDOG_PID") is { Length: > 0 } pid
            && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out long usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
    }

    /// <summary>Sends <paramref name="state"/> (e.g. <c>READY=1</c>, or several lines); false when systemd is not listening.</summary>
    public bool Notify(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        try
        {
            return _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _endPoint) > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
