using System.Net;

namespace Edge.Agent;

/// <summary>
/// The <c>Agent:Http</c> section: the local status page (<c>/</c>), Prometheus metrics (<c>/metrics</c>) and health
/// (<c>/healthz</c>), served read-only by the agent's own small HTTP/1.1 server. Off by default; loopback by default.
/// Requests from 127.0.0.1 or ::1 are trusted; any other peer (another host, or another loopback address such as
/// 127.0.0.2) must send <see cref="Token"/> as a bearer token or as the password of HTTP basic authentication.
/// </summary>
public sealed class HttpOptions
{
    private const string Key = "Agent:Http";

    /// <summary>Serve the page, metrics and health (off by default).</summary>
    public bool Enabled { get; set; }

    /// <summary>Address and port to listen on: <c>127.0.0.1:9520</c> (default), <c>[::1]:9520</c>, <c>0.0.0.0:9520</c> (needs <see cref="Token"/>); port 0 takes a free one.</summary>
    public string Listen { get; set; } = "127.0.0.1:9520";

    /// <summary>The secret a peer other than 127.0.0.1/::1 must present; required to listen on anything but loopback. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Connections served at once; more are answered 503 and closed.</summary>
    public int MaxConnections { get; set; } = 8;

    /// <summary>How long a connection may take to send its request and receive the answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The parsed <see cref="Listen"/> (valid after <see cref="Validate"/> found nothing).</summary>
    public IPEndPoint ParseEndpoint() => IPEndPoint.Parse(Listen);

    /// <summary>Checks the options; each message names the key and quotes the bad value (never the token).</summary>
    public IEnumerable<string> Validate()
    {
        if (!IPEndPoint.TryParse(Listen ?? string.Empty, out var endpoint) || !Listen!.Contains(':', StringComparison.Ordinal))
        {
            yield return $"{Key}:Listen '{Listen}' must be an address and port, e.g. 127.0.0.1:9520 or [::1]:9520.";
        }
        else if (Enabled && !IPAddress.IsLoopback(endpoint.Address) && string.IsNullOrEmpty(Token))
        {
            yield return $"{Key}:Listen '{Listen}' is not a loopback address: set {Key}:Token (the page, metrics and health are then refused without it).";
        }

        if (Token is { Length: > 0 } token && (token.Length < 16 || token.Any(c => c <= ' ' || c > '~')))
        {
            yield return $"{Key}:Token must be at least 16 printable ASCII characters without spaces (it is {token.Length} long).";
        }

        if (MaxConnections is < 1 or > 256)
        {
            yield return $"{Key}:MaxConnections '{MaxConnections}' must be between 1 and 256.";
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{Key}:RequestTimeout '{RequestTimeout}' must be between 00:00:01 and 00:05:00.";
        }
    }

    public override string ToString() => $"{Listen}{(string.IsNullOrEmpty(Token) ? string.Empty : " (token set)")}";
}
