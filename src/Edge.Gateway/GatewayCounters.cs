namespace Edge.Gateway;

/// <summary>What the gateway has done since it started (read without locks; each value is exact, the set is not a snapshot).</summary>
public sealed class GatewayCounters
{
    private long _accepted;
    private long _open;
    private long _relaying;
    private long _refused;
    private long _up;
    private long _down;

    /// <summary>Device connections accepted.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Device connections open now (negotiating or relaying).</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Device streams being relayed now (authenticated, restarted).</summary>
    public long Relaying => Interlocked.Read(ref _relaying);

    /// <summary>Device connections closed with a stream error by the gateway (limits, malformed input, timeouts).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>First-level elements relayed from devices to the server.</summary>
    public long StanzasUp => Interlocked.Read(ref _up);

    /// <summary>First-level elements relayed from the server to devices.</summary>
    public long StanzasDown => Interlocked.Read(ref _down);

    internal void Opened()
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _open);
    }

    internal void Closed() => Interlocked.Decrement(ref _open);

    internal void RelayStarted() => Interlocked.Increment(ref _relaying);

    internal void RelayEnded() => Interlocked.Decrement(ref _relaying);

    internal void RefusedOne() => Interlocked.Increment(ref _refused);

    internal void Up() => Interlocked.Increment(ref _up);

    internal void Down() => Interlocked.Increment(ref _down);
}
