namespace Edge.Xmpp;

/// <summary>What the client has done, for a status page and metrics: stanzas each way, the current session's TLS and XEP-0198 state.</summary>
public sealed partial class XmppClient
{
    private long _stanzasReceived;
    private long _stanzasSent;
    private Tuple<string, DateTimeOffset>? _lastFailure;

    /// <summary>Stanzas (iq, message, presence) received since start, over every session.</summary>
    public long StanzasReceived => Interlocked.Read(ref _stanzasReceived);

    /// <summary>Stanzas (iq, message, presence) written to the server since start, over every session.</summary>
    public long StanzasSent => Interlocked.Read(ref _stanzasSent);

    /// <summary>Why the last connection attempt failed or the last session was lost, and when; null when nothing failed yet.</summary>
    public (string Reason, DateTimeOffset At)? LastFailure => Volatile.Read(ref _lastFailure) is { } f ? (f.Item1, f.Item2) : null;

    /// <summary>Whether the current session runs over TLS (false when there is none).</summary>
    public bool IsEncrypted => _core.Session?.Connection.Transport.IsEncrypted ?? false;

    /// <summary>Whether XEP-0198 stream management is on in the current session (false when there is none).</summary>
    public bool StreamManagementEnabled => _core.Session?.SmEnabled ?? false;

    private void RecordFailure(Exception cause) => Volatile.Write(ref _lastFailure, Tuple.Create(cause.Message, _time.GetUtcNow()));
}
