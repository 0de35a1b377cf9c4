using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Edge.Agent.Status;

/// <summary>
/// Who may read the page: a peer at 127.0.0.1 or ::1 always (the device itself); any other peer, including another
/// loopback address such as 127.0.0.2 and every remote host, only with the configured token, sent as
/// <c>Authorization: Bearer TOKEN</c> (Prometheus' <c>authorization</c>) or as the password of HTTP basic
/// authentication (RFC 7617; a browser asks for it; the user name is ignored). Compared in constant time.
/// </summary>
internal sealed class HttpAccess(string? token)
{
    private readonly byte[]? _token = string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token);

    public static bool IsTrusted(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        IPAddress a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return a.Equals(IPAddress.Loopback) || a.Equals(IPAddress.IPv6Loopback);
    }

    public bool Allows(IPAddress remote, string? authorization)
    {
        if (IsTrusted(remote))
        {
            return true;
        }

        if (_token is null || authorization is null)
        {
            return false;
        }

        ReadOnlySpan<char> value = authorization.AsSpan().Trim();
        byte[] presented;
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = Encoding.UTF8.GetBytes(value[7..].Trim().ToString());
        }
        else if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            byte[] decoded = new byte[value.Length];
            if (!Convert.TryFromBase64Chars(value[6..].Trim(), decoded, out int length))
            {
                return false;
            }

            int colon = Array.IndexOf(decoded, (byte)':', 0, length);
            presented = colon < 0 ? [] : decoded[(colon + 1)..length];
        }
        else
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }
}
