using System.Net;
using System.Net.Sockets;

namespace Edge.Testing.Servers;

/// <summary>
/// A loopback TCP forwarder between a client under test and a server. <see cref="DropAllConnections"/> resets every
/// connection at once (RST both ways, as a network cut looks to both ends) while the proxy keeps accepting, so a
/// client can reconnect through it — e.g. to resume an XEP-0198 session. <see cref="FreezeAllConnections"/> makes the
/// current connections go silent instead, and <see cref="CutAllConnectionsAfter"/> at a chosen byte (TcpProxy.Cut.cs).
/// Started with a one-way delay it stands in for a long link (see <c>TcpProxy.Delay.cs</c>).
/// </summary>
public sealed partial class TcpProxy : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Socket> _sockets = [];
    private readonly HashSet<Socket> _frozen = [];
    private readonly HashSet<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _accepted;
    private bool _disposed;

    private TcpProxy(string targetHost, int targetPort, TimeSpan oneWayDelay)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        OneWayDelay = oneWayDelay;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(64);
        }
        catch
        {
            _listener.Dispose();
            _stopping.Dispose();
            throw;
        }

        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Always loopback.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The port clients connect to (ephemeral, on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>How many client connections were accepted so far (reconnects included).</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>How many client connections are forwarded right now.</summary>
    public int ActiveConnections
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Listens on 127.0.0.1 (ephemeral port) and forwards each connection to the target.</summary>
    public static TcpProxy Start(string targetHost, int targetPort) => Start(targetHost, targetPort, TimeSpan.Zero);

    /// <summary>
    /// Listens on 127.0.0.1 and forwards each connection to the target, holding every byte back by
    /// <paramref name="oneWayDelay"/> in each direction (a round trip gains twice that) without limiting throughput.
    /// </summary>
    public static TcpProxy Start(string targetHost, int targetPort, TimeSpan oneWayDelay)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetPort);
        ArgumentOutOfRangeException.ThrowIfLessThan(oneWayDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oneWayDelay, MaxOneWayDelay);
        return new TcpProxy(targetHost, targetPort, oneWayDelay);
    }

    /// <summary>
    /// Abortively closes every current client and upstream socket (<c>Socket.Close(0)</c>: RST, no FIN), simulating a
    /// network cut. New connections are still accepted.
    /// </summary>
    public void DropAllConnections()
    {
        Socket[] sockets;
        lock (_lock)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }

        foreach (var socket in sockets)
        {
            Abort(socket);
        }
    }

    /// <summary>
    /// Freezes every current connection: the proxy keeps both sockets open but forwards nothing more, either way (a
    /// link that went silent: no reset, no FIN, as a dead cellular bearer looks). New connections are forwarded. (A proxy
    /// started with a delay does not freeze.)
    /// </summary>
    public void FreezeAllConnections()
    {
        lock (_lock)
        {
            _frozen.UnionWith(_sockets);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync();
        _listener.Dispose();
        DropAllConnections();
        await _acceptLoop;
        Task[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stopping.Dispose();
    }

    public override string ToString() => OneWayDelay > TimeSpan.Zero
        ? $"TcpProxy 127.0.0.1:{Port} -> {_targetHost}:{_targetPort} (+{OneWayDelay.TotalMilliseconds} ms each way)"
        : $"TcpProxy 127.0.0.1:{Port} -> {_targetHost}:{_targetPort}";

    private static void Abort(Socket socket)
    {
        try
        {
            socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            Interlocked.Increment(ref _accepted);
            lock (_lock)
            {
                if (_disposed)
                {
                    Abort(client);
                    return;
                }

                _sockets.Add(client);
                _clients.Add(client);
                var connection = ForwardAsync(client);
                _connections.Add(connection);
                _ = connection.ContinueWith(
                    t =>
                    {
                        lock (_lock)
                        {
                            _connections.Remove(t);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        // Yield first: the caller holds the lock while registering this task.
        await Task.Yield();
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        lock (_lock)
        {
            if (!_sockets.Contains(client))
            {
                // Dropped (or disposed) before the upstream connection existed.
                upstream.Dispose();
                return;
            }

            _sockets.Add(upstream);
        }

        try
        {
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Nothing to forward to: the client sees a reset, as it would connecting to the server directly.
                Abort(client);
                return;
            }

            var toServer = OneWayDelay > TimeSpan.Zero ? PumpDelayedAsync(client, upstream) : PumpAsync(client, upstream);
            var toClient = OneWayDelay > TimeSpan.Zero ? PumpDelayedAsync(upstream, client) : PumpAsync(upstream, client);
            var first = await Task.WhenAny(toServer, toClient);
            if (!await first)
            {
                // A failed direction (reset, dropped) takes the whole connection down abortively.
                Abort(client);
                Abort(upstream);
            }

            await Task.WhenAll(toServer, toClient);
        }
        finally
        {
            lock (_lock)
            {
                _sockets.Remove(client);
                _sockets.Remove(upstream);
                _frozen.Remove(client);
                _frozen.Remove(upstream);
            }

            ForgetClient(client);
            client.Dispose();
            upstream.Dispose();
        }
    }

    /// <summary>Copies one direction. True on a clean end of stream (passed on as a half-close), false on failure.</summary>
    private async Task<bool> PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return true;
                }

                bool frozen;
                lock (_lock)
                {
                    frozen = _frozen.Contains(from);
                }

                if (frozen)
                {
                    continue; // swallowed: the link is silent
                }

                read = Allowance(from, to, read); // the rest of a chunk past a cut is swallowed too
                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stopping.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            return false;
        }
    }
}
