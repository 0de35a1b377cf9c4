using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Edge.Xmpp;

/// <summary>
/// An XMPP address, <c>[localpart@]domainpart[/resourcepart]</c>, parsed and validated per RFC 7622.
/// </summary>
/// <remarks>
/// Validation covers what a device meets in practice: each part at most 1023 octets of UTF-8 (RFC 7622 §3.2-3.4),
/// no empty parts, the characters RFC 7622 §3.3.1 excludes from a localpart (<c>" &amp; ' / : &lt; &gt; @</c>),
/// whitespace and control characters, and a domainpart that is an IP literal or a sequence of DNS labels. The domain
/// is case-folded (lower case); full PRECIS profile mapping of local and resource parts is not applied.
/// </remarks>
public sealed class Jid : IEquatable<Jid>
{
    private const int MaxPartOctets = 1023;

    private Jid(string? local, string domain, string? resource)
    {
        Local = local;
        Domain = domain;
        Resource = resource;
    }

    /// <summary>The localpart (the user or device name), or null.</summary>
    public string? Local { get; }

    /// <summary>The domainpart: the server.</summary>
    public string Domain { get; }

    /// <summary>The resourcepart, or null for a bare JID.</summary>
    public string? Resource { get; }

    public bool IsBare => Resource is null;

    /// <summary>This JID without its resource.</summary>
    public Jid Bare => Resource is null ? this : new Jid(Local, Domain, null);

    /// <summary>Parses and validates a JID; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static Jid Parse(string value)
    {
        if (!TryParse(value, out var jid, out var error))
        {
            throw new FormatException(error);
        }

        return jid;
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out Jid? jid) => TryParse(value, out jid, out _);

    /// <summary>Parses a JID; on failure <paramref name="error"/> says which part is wrong and why.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out Jid? jid, [NotNullWhen(false)] out string? error)
    {
        jid = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "A JID must not be empty.";
            return false;
        }

        // RFC 7622 §3.1: the resourcepart starts at the first '/', the localpart ends at the first '@' before it.
        string? resource = null;
        var rest = value;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            resource = value[(slash + 1)..];
            rest = value[..slash];
            if (resource.Length == 0)
            {
                error = $"JID '{value}' has an empty resourcepart after '/'.";
                return false;
            }
        }

        string? local = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var domain = rest;
        if (at >= 0)
        {
            local = rest[..at];
            domain = rest[(at + 1)..];
            if (local.Length == 0)
            {
                error = $"JID '{value}' has an empty localpart before '@'.";
                return false;
            }
        }

        return TryCreate(local, domain, resource, out jid, out error);
    }

    /// <summary>Builds a JID from its parts, validating each.</summary>
    public static Jid Create(string? local, string domain, string? resource = null)
    {
        if (!TryCreate(local, domain, resource, out var jid, out var error))
        {
            throw new FormatException(error);
        }

        return jid;
    }

    private static bool TryCreate(string? local, string domain, string? resource, [NotNullWhen(true)] out Jid? jid,
        [NotNullWhen(false)] out string? error)
    {
        jid = null;
        if (domain.EndsWith('.'))
        {
            domain = domain[..^1]; // RFC 7622 §3.2: a trailing dot is stripped.
        }

        if ((error = CheckDomain(domain)) is not null
            || (local is not null && (error = CheckLocal(local)) is not null)
            || (resource is not null && (error = CheckResource(resource)) is not null))
        {
            return false;
        }

        jid = new Jid(local, domain.ToLowerInvariant(), resource);
        return true;
    }

    private static string? CheckLocal(string local)
    {
        if (local.Length == 0)
        {
            return "The localpart must not be empty.";
        }

        if (Encoding.UTF8.GetByteCount(local) > MaxPartOctets)
        {
            return $"The localpart is longer than {MaxPartOctets} octets.";
        }

        foreach (var c in local)
        {
            if ("\"&'/:<>@".Contains(c, StringComparison.Ordinal))
            {
                return $"The localpart '{local}' contains '{c}', which RFC 7622 forbids in a localpart.";
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"The localpart '{local}' contains whitespace or a control character.";
            }
        }

        return null;
    }

    private static string? CheckResource(string resource)
    {
        if (Encoding.UTF8.GetByteCount(resource) > MaxPartOctets)
        {
            return $"The resourcepart is longer than {MaxPartOctets} octets.";
        }

        foreach (var c in resource)
        {
            if (char.IsControl(c))
            {
                return $"The resourcepart '{resource}' contains a control character.";
            }
        }

        return null;
    }

    private static string? CheckDomain(string domain)
    {
        if (domain.Length == 0)
        {
            return "The domainpart must not be empty.";
        }

        if (Encoding.UTF8.GetByteCount(domain) > MaxPartOctets)
        {
            return $"The domainpart is longer than {MaxPartOctets} octets.";
        }

        if (domain[0] == '[')
        {
            return domain[^1] == ']' && System.Net.IPAddress.TryParse(domain[1..^1], out var v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? null
                : $"The domainpart '{domain}' is not a valid IPv6 literal.";
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length == 0)
            {
                return $"The domainpart '{domain}' has an empty label.";
            }

            if (label.Length > 63)
            {
                return $"The domainpart '{domain}' has a label longer than 63 characters.";
            }

            foreach (var c in label)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c) || "\"&'/:<>@[]\\".Contains(c, StringComparison.Ordinal))
                {
                    return $"The domainpart '{domain}' contains '{c}', which is not allowed in a domain name.";
                }
            }
        }

        return null;
    }

    /// <summary>This bare JID with the given resource.</summary>
    public Jid WithResource(string resource) => Create(Local, Domain, resource);

    public override string ToString()
    {
        var s = Local is null ? Domain : $"{Local}@{Domain}";
        return Resource is null ? s : $"{s}/{Resource}";
    }

    public bool Equals(Jid? other) =>
        other is not null && string.Equals(Local, other.Local, StringComparison.Ordinal)
        && string.Equals(Domain, other.Domain, StringComparison.Ordinal)
        && string.Equals(Resource, other.Resource, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Jid other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Local, Domain, Resource);

    public static bool operator ==(Jid? left, Jid? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Jid? left, Jid? right) => !(left == right);
}
