namespace Edge.Xmpp;

/// <summary>Everything an <see cref="XmppClient"/> needs to log in and stay connected.</summary>
public sealed class XmppClientOptions
{
    /// <summary>The account's bare JID, e.g. <c>meter-17@grid.example</c>.</summary>
    public string Jid { get; set; } = string.Empty;

    /// <summary>The account password. Never logged, never in <see cref="ToString"/>.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>The stable resource to bind: backends address the device's full JID, so it must not change.</summary>
    public string Resource { get; set; } = "edge";

    /// <summary>Host to connect to; null = the JID's domain (no SRV lookup: devices are configured explicitly).</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 5222;

    public XmppTlsOptions Tls { get; set; } = new();

    /// <summary>EXI compression of the stream (XEP-0322); off by default.</summary>
    public XmppExiOptions Exi { get; set; } = new();

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan IqTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to ping the server as a liveness check (XEP-0199); zero disables.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest first-level element accepted from the server (RFC 6120 §13.12: policy-violation beyond).</summary>
    public int MaxStanzaBytes { get; set; } = 256 * 1024;

    /// <summary>Enable XEP-0198 stream management (acks and resume) when the server offers it.</summary>
    public bool StreamManagement { get; set; } = true;

    /// <summary>
    /// With stream management, how long the writer stays idle after sending stanzas before it asks the server to
    /// acknowledge them (<c>&lt;r/&gt;</c>); a request also goes out at once when <see cref="AckRequestBatch"/> stanzas
    /// are unrequested, and in the same write as a batch of several stanzas from one sender
    /// (<see cref="XmppClient.SendIqBatchAsync"/>: a sampling cycle's publishes). Zero asks after every write. Asking at
    /// once after a lone stanza costs latency on servers that keep Nagle's algorithm on (Prosody's default): the server's
    /// <c>&lt;a/&gt;</c> answer sits un-ACKed in our kernel's delayed ACK, and the server's next stanza to us waits for
    /// it — up to 40 ms per exchange, measured.
    /// </summary>
    public TimeSpan AckRequestDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Stanzas sent without an ack request after which one is sent at once (see <see cref="AckRequestDelay"/>).</summary>
    public int AckRequestBatch { get; set; } = 16;

    /// <summary>Reconnect after a lost connection. Never after an authentication or TLS failure.</summary>
    public bool AutoReconnect { get; set; } = true;

    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Send initial presence after login (RFC 6121 §4.2).</summary>
    public bool SendInitialPresence { get; set; } = true;

    /// <summary>Software name and version announced in disco#info and entity capabilities.</summary>
    public string SoftwareName { get; set; } = "Edge";

    /// <summary>XEP-0115 caps node URI.</summary>
    public string CapsNode { get; set; } = "https://edge.invalid/caps";

    /// <summary>
    /// Checks the options; each message names the key and the bad value. <paramref name="requirePassword"/> false
    /// accepts an empty password: a host that makes its own account (first boot) fills it in before the client exists.
    /// </summary>
    public IReadOnlyList<string> Validate(string section = "Xmpp", bool requirePassword = true)
    {
        var errors = new List<string>();
        if (!Edge.Xmpp.Jid.TryParse(Jid, out var jid, out var jidError))
        {
            errors.Add($"{section}:Jid '{Jid}' is not a valid JID: {jidError}");
        }
        else if (jid.Local is null || !jid.IsBare)
        {
            errors.Add($"{section}:Jid '{Jid}' must be a bare account JID like name@domain (the resource is {section}:Resource).");
        }

        if (requirePassword && string.IsNullOrEmpty(Password))
        {
            errors.Add($"{section}:Password must be set.");
        }

        if (string.IsNullOrWhiteSpace(Resource) || !Edge.Xmpp.Jid.TryParse("a@b/" + Resource, out _))
        {
            errors.Add($"{section}:Resource '{Resource}' is not a valid resourcepart.");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"{section}:Port {Port} is not a TCP port (1-65535).");
        }

        if (AckRequestDelay < TimeSpan.Zero)
        {
            errors.Add($"{section}:AckRequestDelay must not be negative.");
        }

        if (AckRequestBatch < 1)
        {
            errors.Add($"{section}:AckRequestBatch {AckRequestBatch} must be at least 1.");
        }

        if (MaxStanzaBytes < 4096)
        {
            errors.Add($"{section}:MaxStanzaBytes {MaxStanzaBytes} is too small (at least 4096).");
        }

        if (IqTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:IqTimeout and {section}:ConnectTimeout must be positive.");
        }

        if (PingInterval < TimeSpan.Zero)
        {
            errors.Add($"{section}:PingInterval {PingInterval} must not be negative.");
        }

        if (ReconnectInitialDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectInitialDelay)
        {
            errors.Add($"{section}:ReconnectInitialDelay must be positive and at most {section}:ReconnectMaxDelay.");
        }

        if (!string.IsNullOrEmpty(Tls.CaFile) && !File.Exists(Tls.CaFile))
        {
            errors.Add($"{section}:Tls:CaFile '{Tls.CaFile}' does not exist.");
        }

        errors.AddRange(Exi.Validate(section + ":Exi"));

        return errors;
    }

    public override string ToString() => $"{Jid}/{Resource} via {Host ?? "(domain)"}:{Port}";
}
