namespace Edge.Agent.Status;

/// <summary>The XMPP session as the status page and metrics show it.</summary>
/// <param name="State">disconnected, connecting, connected … (the client's state, lower case).</param>
/// <param name="Up">Whether a session is up.</param>
/// <param name="Jid">The device's JID (bound full JID when connected).</param>
/// <param name="Server">The host and port connected to (the domain when no host is configured).</param>
/// <param name="Tls">Whether the current session runs over TLS.</param>
/// <param name="StreamManagement">Whether XEP-0198 is on in the current session.</param>
/// <param name="ConnectedSince">When the current session came up (null when down).</param>
/// <param name="LastError">Why the last session ended (null when none ended yet).</param>
/// <param name="LastErrorAt">When it ended.</param>
/// <param name="Sessions">Fresh logins since start.</param>
/// <param name="Resumptions">XEP-0198 resumptions since start.</param>
/// <param name="Disconnects">Sessions lost since start.</param>
/// <param name="StanzasReceived">Stanzas received since start.</param>
/// <param name="StanzasSent">Stanzas sent since start.</param>
public sealed record ConnectionStatus(string State, bool Up, string Jid, string Server, bool Tls, bool StreamManagement,
    DateTimeOffset? ConnectedSince, string? LastError, DateTimeOffset? LastErrorAt, int Sessions, int Resumptions, long Disconnects,
    long StanzasReceived, long StanzasSent);
