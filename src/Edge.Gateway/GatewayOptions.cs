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
