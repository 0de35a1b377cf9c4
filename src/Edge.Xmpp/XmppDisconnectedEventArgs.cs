namespace Edge.Xmpp;

/// <summary>The connection was lost; <see cref="Cause"/> says why; <see cref="WillReconnect"/> whether it comes back.</summary>
public sealed class XmppDisconnectedEventArgs(Exception cause, bool willReconnect) : EventArgs
{
    public Exception Cause { get; } = cause;

    public bool WillReconnect { get; } = willReconnect;
}
