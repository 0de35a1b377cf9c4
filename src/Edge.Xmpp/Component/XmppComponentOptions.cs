namespace Edge.Xmpp.Component;

/// <summary>Everything an <see cref="XmppComponent"/> needs to attach to a server (XEP-0114, "accept" method).</summary>
public sealed class XmppComponentOptions
{
    /// <summary>The component's domain, as the server's configuration names it (<c>registry.example.org</c>).</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>The shared secret of the handshake. Never logged, never in <see cref="ToString"/>.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>The server's host; the component port should only listen on loopback or a private network (XEP-0347 §Security).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The server's component port (Prosody's and ejabberd's customary default is 5347).</summary>
    public int Port { get; set; } = 5347;

    /// <summary>Limit for TCP connect + stream header + handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan IqTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest first-level element accepted from the server (RFC 6120 §13.12: policy-violation beyond).</summary>
    public int MaxStanzaBytes { get; set; } = 256 * 1024;

    /// <summary>Reconnect after a lost connection. Never after the server refused the secret or the name.</summary>
    public bool AutoReconnect { get; set; } = true;

    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>XEP-0030 identity category of the component (disco#info).</summary>
    public string IdentityCategory { get; set; } = "component";

    /// <summary>XEP-0030 identity type.</summary>
    public string IdentityType { get; set; } = "generic";

    /// <summary>XEP-0030 identity name.</summary>
    public string Name { get; set; } = "Edge";

    /// <summary>Every problem with these options, each naming the option and its value; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Jid.TryParse(Domain, out var jid) || jid.Local is not null || jid.Resource is not null)
        {
            errors.Add($"Domain '{Domain}' is not a domain name (a component is addressed as e.g. registry.example.org).");
        }

        if (string.IsNullOrEmpty(Secret))
        {
            errors.Add("Secret is empty: the server's component configuration sets one.");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add("Host is empty.");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"Port {Port} is not a TCP port (1-65535).");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ConnectTimeout {ConnectTimeout} must be positive.");
        }

        if (IqTimeout <= TimeSpan.Zero)
        {
            errors.Add($"IqTimeout {IqTimeout} must be positive.");
        }

        if (MaxStanzaBytes < 1024)
        {
            errors.Add($"MaxStanzaBytes {MaxStanzaBytes} is below 1024.");
        }

        if (ReconnectInitialDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectInitialDelay)
        {
            errors.Add($"ReconnectInitialDelay {ReconnectInitialDelay} must be positive and at most ReconnectMaxDelay {ReconnectMaxDelay}.");
        }

        return errors;
    }

    /// <summary>For logs: everything but the secret.</summary>
    public override string ToString() => $"{Domain} via {Host}:{Port}";
}
