using System.Net.Sockets;

namespace Edge.Testing.Servers;

/// <summary>
/// A link that dies in the middle of a burst: each current connection forwards exactly so many more bytes towards the
/// server, then goes silent both ways (as <see cref="FreezeAllConnections"/>). The cut falls at a byte the test
/// chooses, wherever the client's TLS records happen to end, so the server is left with whatever records it got whole.
/// </summary>
public sealed partial class TcpProxy
{
    private readonly HashSet<Socket> _clients = [];
    private readonly Dictionary<Socket, long> _budgets = [];
    private int _cut;

    /// <summary>How many connections reached the cut set by <see cref="CutAllConnectionsAfter"/>.</summary>
    public int CutConnections => Volatile.Read(ref _cut);

    /// <summary>Each current connection forwards <paramref name="bytesToServer"/> more client bytes, then freezes.</summary>
    public void CutAllConnectionsAfter(long bytesToServer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesToServer);
        lock (_lock)
        {
            foreach (var client in _clients)
            {
                _budgets[client] = bytesToServer;
            }
        }
    }

    /// <summary>How many of <paramref name="read"/> bytes from <paramref name="from"/> may go on; at the cut, both ways freeze.</summary>
    private int Allowance(Socket from, Socket to, int read)
    {
        lock (_lock)
        {
            if (!_budgets.TryGetValue(from, out var left))
            {
                return read;
            }

            var allowed = (int)Math.Min(read, left);
            if (left - allowed > 0)
            {
                _budgets[from] = left - allowed;
                return allowed;
            }

            _budgets.Remove(from);
            _frozen.Add(from);
            _frozen.Add(to);
            Interlocked.Increment(ref _cut);
            return allowed;
        }
    }

    private void ForgetClient(Socket client)
    {
        lock (_lock)
        {
            _clients.Remove(client);
            _budgets.Remove(client);
        }
    }
}
