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
