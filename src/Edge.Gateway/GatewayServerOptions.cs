using Edge.Xmpp;

namespace Edge.Gateway;

/// <summary>The XMPP server behind the gateway (section <c>Gateway:Server</c>).</summary>
public sealed class GatewayServerOptions
{
    /// <summary>The XMPP domain devices log in to; a device stream addressed to another domain is refused (<c>host-unknown</c>).</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>The server's address (the domain when empty).</summary>
    public string? Host { get; set; }

    /// <summary>Its client port (STARTTLS).</summary>
    public int Port { get; set; } = 5222;

    /// <summary>How the server's certificate is trusted (the gateway always uses TLS to the server).</summary>
    public XmppTlsOptions Tls { get; set; } = new();

    /// <summary>Bound on connecting to the server and negotiating TLS with it.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    internal string EffectiveHost => string.IsNullOrWhiteSpace(Host) ? Domain : Host;

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Jid.TryParse(Domain, out var jid) || jid.Local is not null || jid.Resource is not null)
        {
            errors.Add($"Domain '{Domain}' is not a domain name (e.g. example.org).");
        }

        GatewayOptions.CheckPort(errors, "Port", Port, zeroMeansOff: false);
        GatewayOptions.CheckPositive(errors, "ConnectTimeout", ConnectTimeout);
        if (!Tls.Required)
        {
            errors.Add("Tls:Required false: the gateway relays credentials, so its stream to the server is always TLS.");
        }

        if (!string.IsNullOrEmpty(Tls.CaFile) && !File.Exists(Tls.CaFile))
        {
            errors.Add($"Tls:CaFile '{Tls.CaFile}': no such file.");
        }

        return errors;
    }
}
