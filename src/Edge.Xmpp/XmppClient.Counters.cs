namespace Edge.Xmpp;

/// <summary>What the client has done, for a status page and metrics: stanzas each way, the current session's TLS and XEP-0198 state.</summary>
public sealed partial class XmppClient
{
    private long _stanzasReceived;
    private long _stanzasSent;

    /// <summary>Stanzas (iq, message, presence) received since start, over every session.</summary>
    public long StanzasReceived => Interlocked.Read(ref _stanzasReceived);

    /// <summary>Stanzas (iq, message, presence) written to the server since start, over every session.</summary>
    public long StanzasSent => Interlocked.Read(ref _stanzasSent);

    /// <summary>Whether the current session runs over TLS (false when there is none).</summary>
    public bool IsEncrypted => _session?.Connection.Transport.IsEncrypted ?? false;

    /// <summary>Whether XEP-0198 stream management is on in the current session (false when there is none).</summary>
    public bool StreamManagementEnabled => _session?.SmEnabled ?? false;
}
