namespace Edge.Testing.Servers;

/// <summary>
/// A private XMPP server for integration tests: its own folder (throwaway CAs, config, data, logs), loopback only, on
/// a port of its own, STARTTLS required, with the <see cref="TestAccounts"/> registered and a pubsub service where the
/// agent and the admin may create nodes. Disposing stops it and deletes its folder.
/// </summary>
public interface IXmppTestServer : IAsyncDisposable
{
    XmppServerKind Kind { get; }

    /// <summary>Product and version, for messages: "Prosody 0.12", "ejabberd 23.01".</summary>
    string Name { get; }

    /// <summary>Always loopback.</summary>
    string Host { get; }

    /// <summary>The client-to-server port (STARTTLS required). Stays the same across restarts.</summary>
    int Port { get; }

    /// <summary>The XMPP domain, <see cref="TestAccounts.Domain"/>; the server certificate names it (SAN DNS).</summary>
    string Domain { get; }

    /// <summary>The XEP-0060 service, where the agent and the admin may create nodes.</summary>
    string PubSubService { get; }

    /// <summary>The external component (XEP-0114) the server accepts: <c>registry.</c><see cref="Domain"/>.</summary>
    string ComponentDomain { get; }

    /// <summary>Its port on <see cref="Host"/> (loopback only). Stays the same across restarts.</summary>
    int ComponentPort { get; }

    /// <summary>Its handshake secret, random per instance.</summary>
    string ComponentSecret { get; }

    /// <summary>The folder holding everything of this instance; deleted on dispose.</summary>
    string Directory { get; }

    /// <summary>PEM of the throwaway CA that signed the server certificate.</summary>
    string CaFile { get; }

    /// <summary>PEM of an unrelated CA, for "certificate not trusted" tests.</summary>
    string OtherCaFile { get; }

    /// <summary>PEM of the server's own certificate (the leaf it presents; no chain).</summary>
    string ServerCertificateFile { get; }

    /// <summary>The server's main log.</summary>
    string LogFile { get; }

    /// <summary>Stops the server (SIGTERM, SIGKILL after a bound). Folder, data and port reservation stay.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>SIGKILLs the server (a crash: no shutdown code runs). Folder, data and port reservation stay.</summary>
    Task KillAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a stopped server again: same port, same accounts and data.</summary>
    Task StartAgainAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops and starts again (same port and data): connected clients see the server go away and come back.</summary>
    Task RestartAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates an account with the server's own admin tool. Returns its bare JID.</summary>
    Task<string> RegisterAccountAsync(string user, string password, CancellationToken cancellationToken = default);
}
