namespace Edge.Xmpp;

/// <summary>A session is up: <see cref="Resumed"/> tells a XEP-0198 resumption from a fresh login.</summary>
public sealed class XmppConnectedEventArgs(Jid boundJid, bool resumed) : EventArgs
{
    public Jid BoundJid { get; } = boundJid;

    public bool Resumed { get; } = resumed;
}
