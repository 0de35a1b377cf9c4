using System.Text;

namespace Edge.Agent.Status;

/// <summary>
/// The head of an HTTP/1.1 request (RFC 9112 §2–§5), parsed strictly and within bounds: the request line, then header
/// fields as <c>name: value</c> lines ended by CRLF, then an empty line. Only GET and HEAD without a body are served;
/// of the header fields only <c>Authorization</c> is kept. A head that does not parse is refused with the status code
/// in <see cref="TryParse"/>'s output, never guessed at.
/// </summary>
internal sealed class HttpRequestHead
{
    /// <summary>The most bytes a head may have (request line and header fields); more is refused with 431.</summary>
    public const int MaxBytes = 8 * 1024;

    /// <summary>The most header fields; more is refused with 431.</summary>
    public const int MaxFields = 64;

    /// <summary>The longest request target; longer is refused with 414.</summary>
    public const int MaxTargetLength = 1024;

    private HttpRequestHead(string method, string path, string? authorization)
    {
        Method = method;
        Path = path;
        Authorization = authorization;
    }

    public string Method { get; }

    /// <summary>The target's path, without its query.</summary>
    public string Path { get; }

    public string? Authorization { get; }

    /// <summary>Where the head ends in <paramref name="buffer"/> (the index after its blank line), or -1 while incomplete.</summary>
    public static int FindEnd(ReadOnlySpan<byte> buffer)
    {
        int i = buffer.IndexOf("\r\n\r\n"u8);
        return i < 0 ? -1 : i + 4;
    }

    /// <summary>
    /// Parses a complete head (ending with its blank line). False with the status to answer (400, 405, 414, 431, 505)
    /// and a reason for the log.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> head, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HttpRequestHead? request,
        out int status, out string reason)
    {
        request = null;
        status = 400;
        if (head.Length > MaxBytes)
        {
            status = 431;
            reason = "request head too large";
            return false;
        }

        if (!head.EndsWith("\r\n\r\n"u8))
        {
            reason = "request head not ended by an empty line";
            return false;
        }

        int lineEnd = head.IndexOf("\r\n"u8);
        ReadOnlySpan<byte> line = head[..lineEnd];
        foreach (byte c in line)
        {
            if (c < 0x20 || c > 0x7e)
            {
                reason = "a control or non-ASCII byte in the request line";
                return false;
            }
        }

        int sp1 = line.IndexOf((byte)' ');
        int sp2 = sp1 < 0 ? -1 : line[(sp1 + 1)..].IndexOf((byte)' ');
        if (sp1 <= 0 || sp2 <= 0)
        {
            reason = "request line is not 'method target version'";
            return false;
        }

        sp2 += sp1 + 1;
        string method = Encoding.ASCII.GetString(line[..sp1]);
        ReadOnlySpan<byte> target = line[(sp1 + 1)..sp2];
        ReadOnlySpan<byte> version = line[(sp2 + 1)..];
        if (!version.SequenceEqual("HTTP/1.1"u8) && !version.SequenceEqual("HTTP/1.0"u8))
        {
            status = 505;
            reason = "not HTTP/1.0 or HTTP/1.1";
            return false;
        }

        if (target.Length > MaxTargetLength)
        {
            status = 414;
            reason = "request target too long";
            return false;
        }

        if (target.Length == 0 || target[0] != (byte)'/')
        {
            reason = "request target is not an absolute path";
            return false;
        }

        if (method is not ("GET" or "HEAD"))
        {
            status = 405;
            reason = $"method {(method.Length > 16 ? method[..16] + "…" : method)} not allowed (GET and HEAD only)";
            return false;
        }

        int query = target.IndexOf((byte)'?');
        string path = Encoding.ASCII.GetString(query < 0 ? target : target[..query]);

        string? authorization = null;
        int fields = 0;
        ReadOnlySpan<byte> rest = head[(lineEnd + 2)..^2]; // the field lines, each ending in CRLF
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf("\r\n"u8);
            ReadOnlySpan<byte> field = rest[..end];
            rest = rest[(end + 2)..];
            if (++fields > MaxFields)
            {
                status = 431;
                reason = "too many header fields";
                return false;
            }

            int colon = field.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(field[..colon]))
            {
                // RFC 9112 §5.1: no whitespace between name and colon; §5.2: obsolete line folding is refused.
                reason = "a header field that is not 'name: value'";
                return false;
            }

            ReadOnlySpan<byte> value = field[(colon + 1)..].Trim(" \t"u8);
            foreach (byte c in value)
            {
                if ((c < 0x20 && c != (byte)'\t') || c == 0x7f)
                {
                    reason = "a control byte in a header field value";
                    return false;
                }
            }

            ReadOnlySpan<byte> name = field[..colon];
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && !value.SequenceEqual("0"u8) || Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                reason = "a request body (GET and HEAD take none)";
                return false;
            }

            if (Ascii.EqualsIgnoreCase(name, "Authorization"u8))
            {
                if (authorization is not null)
                {
                    reason = "two Authorization fields";
                    return false;
                }

                authorization = Encoding.Latin1.GetString(value);
            }
        }

        request = new HttpRequestHead(method, path, authorization);
        status = 200;
        reason = string.Empty;
        return true;
    }

    /// <summary>RFC 9110 §5.6.2 token characters.</summary>
    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (byte c in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)c) || "!#$%&'*+-.^_`|~"u8.Contains(c)))
            {
                return false;
            }
        }

        return true;
    }
}
