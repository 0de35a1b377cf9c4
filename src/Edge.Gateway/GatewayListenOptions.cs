using System.Net;

namespace Edge.Gateway;

/// <summary>The listening sockets (section <c>Gateway:Listen</c>).</summary>
public sealed class GatewayListenOptions
{
    /// <summary>The address to listen on: <c>0.0.0.0</c> (all IPv4), <c>::</c> (all), or one address.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>The client port: XML, STARTTLS required (RFC 6120 §5). 0 turns it off.</summary>
    public int Port { get; set; } = 5222;

    /// <summary>Direct TLS (XEP-0368: TLS first, ALPN <c>xmpp-client</c>). 0 turns it off.</summary>
    public int DirectTlsPort { get; set; } = 5223;

    /// <summary>
    /// XEP-0322 §2.4, the EXI-only binding: devices speak EXI from the first byte (the <c>$EXI</c> cookie, the default
    /// options and schema of §2.4.3/§3.14), STARTTLS inside the EXI stream. 0 (the default) turns it off; the XEP
    /// names no port (its example uses 15222).
    /// </summary>
    public int ExiOnlyPort { get; set; }

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
        GatewayOptions.CheckPort(errors, "ExiOnlyPort", ExiOnlyPort, zeroMeansOff: true);
        if (Port == 0 && DirectTlsPort == 0 && ExiOnlyPort == 0)
        {
            errors.Add("Port, DirectTlsPort and ExiOnlyPort are all 0: the gateway would listen on nothing.");
        }

        foreach (var (a, b, name) in new[] { (Port, DirectTlsPort, "Port and DirectTlsPort"), (Port, ExiOnlyPort, "Port and ExiOnlyPort"), (DirectTlsPort, ExiOnlyPort, "DirectTlsPort and ExiOnlyPort") })
        {
            if (a != 0 && a == b)
            {
                errors.Add($"{name} are both {a}.");
            }
        }

        return errors;
    }
}
