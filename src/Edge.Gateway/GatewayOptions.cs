using System.Net;
using Edge.Xmpp;

namespace Edge.Gateway;

/// <summary>The gateway's settings: section <c>Gateway</c> of <c>gateway.json</c> (see the README).</summary>
public sealed class GatewayOptions
{
    /// <summary>Where devices connect: <c>Gateway:Listen:Address</c>, <c>:Port</c> (STARTTLS), <c>:DirectTlsPort</c>.</summary>
    public GatewayListenOptions Listen { get; set; } = new();

    /// <summary>The certificate the gateway presents to devices (PEM): <c>Gateway:Certificate:CertificateFile</c>, <c>:KeyFile</c>.</summary>
    public GatewayCertificateOptions Certificate { get; set; } = new();

    /// <summary>The XMPP server every device stream is relayed to: <c>Gateway:Server:Domain</c>, <c>:Host</c>, <c>:Port</c>, <c>:Tls</c>.</summary>
    public GatewayServerOptions Server { get; set; } = new();

    /// <summary>Bounds per device connection and in all.</summary>
    public GatewayLimitsOptions Limits { get; set; } = new();

    /// <summary>EXI on the device link (XEP-0322): <c>Gateway:Exi:Enabled</c>, schemas, upload and configuration bounds.</summary>
    public GatewayExiOptions Exi { get; set; } = new();

    /// <summary>Where the gateway keeps what it must remember across restarts (uploaded EXI schemas); created if missing.</summary>
    public string DataDirectory { get; set; } = "gateway-data";

    /// <summary>Every problem, each naming the key and quoting its value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Listen.Validate().Select(e => "Gateway:Listen:" + e));
        errors.AddRange(Certificate.Validate().Select(e => "Gateway:Certificate:" + e));
        errors.AddRange(Server.Validate().Select(e => "Gateway:Server:" + e));
        errors.AddRange(Limits.Validate().Select(e => "Gateway:Limits:" + e));
        errors.AddRange(Exi.Validate().Select(e => "Gateway:Exi:" + e));
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("Gateway:DataDirectory is empty.");
        }

        return errors;
    }

    internal static void CheckPort(List<string> errors, string key, int port, bool zeroMeansOff)
    {
        if ((zeroMeansOff && port == 0) || port is >= 1 and <= 65535)
        {
            return;
        }

        errors.Add($"{key} {port} is not a TCP port (1-65535{(zeroMeansOff ? ", or 0 for off" : string.Empty)}).");
    }

    internal static void CheckPositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} {value} must be positive.");
        }
    }
}

/// <summary>The listening sockets (section <c>Gateway:Listen</c>).</summary>
public sealed class GatewayListenOptions
{
    /// <summary>The address to listen on: <c>0.0.0.0</c> (all IPv4), <c>::</c> (all), or one address.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>The client port: XML, STARTTLS required (RFC 6120 §5). 0 turns it off.</summary>
    public int Port { get; set; } = 5222;

    /// <summary>Direct TLS (XEP-0368: TLS first, ALPN <c>xmpp-client</c>). 0 turns it off.</summary>
    public int DirectTlsPort { get; set; } = 5223;

    internal IPAddress ParsedAddress() => IPAddress.Parse(Address);

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(Address, out _))
        {
            errors.Add($"Address '{Address}' is not an IP address (0.0.0.0 listens on all).");
        }

        GatewayOptions.CheckPort(errors, "Port", Port, zeroMeansOff: true);
        GatewayOptions.CheckPort(errors, "DirectTlsPort", DirectTlsPort, zeroMeansOff: true);
        if (Port == 0 && DirectTlsPort == 0)
        {
            errors.Add("Port and DirectTlsPort are both 0: the gateway would listen on nothing.");
        }
        else if (Port == DirectTlsPort)
        {
            errors.Add($"Port and DirectTlsPort are both {Port}.");
        }

        return errors;
    }
}

/// <summary>The gateway's own certificate and key (section <c>Gateway:Certificate</c>), PEM files.</summary>
public sealed class GatewayCertificateOptions
{
    /// <summary>The certificate (chain) devices see; it must name the XMPP domain, as the server's does.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    /// <summary>Its private key (unencrypted PEM, readable only by the gateway's user).</summary>
    public string KeyFile { get; set; } = string.Empty;

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (key, path) in new[] { ("CertificateFile", CertificateFile), ("KeyFile", KeyFile) })
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                errors.Add($"{key} is empty: the gateway terminates TLS from devices with its own certificate.");
            }
            else if (!File.Exists(path))
            {
                errors.Add($"{key} '{path}': no such file.");
            }
        }

        return errors;
    }
}

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

/// <summary>Bounds (section <c>Gateway:Limits</c>): what one device may cost, and how many devices at once.</summary>
public sealed class GatewayLimitsOptions
{
    /// <summary>Device connections held at once; one more is refused with <c>policy-violation</c>.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>The largest first-level element (stanza or nonza) in either direction; larger → <c>policy-violation</c>.</summary>
    public int MaxStanzaBytes { get; set; } = 256 * 1024;

    /// <summary>From accepting a device to its stream being relayed (TLS, SASL and restarts included).</summary>
    public TimeSpan NegotiationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A device that sends nothing this long is closed with <c>connection-timeout</c> (the agent pings every minute).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConnections < 1)
        {
            errors.Add($"MaxConnections {MaxConnections} must be at least 1.");
        }

        if (MaxStanzaBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"MaxStanzaBytes {MaxStanzaBytes} must be between 1024 and 16777216.");
        }

        GatewayOptions.CheckPositive(errors, "NegotiationTimeout", NegotiationTimeout);
        GatewayOptions.CheckPositive(errors, "IdleTimeout", IdleTimeout);
        return errors;
    }
}
