using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Edge.Xmpp;

namespace Edge.Iot.Discovery;

/// <summary>
/// The claim string a thing shows its owner (as a QR code) and the owner presents back in <c>mine</c>. Written in the
/// IANA-registered <c>iotdisco:</c> form — <c>iotdisco:SN=…;MAN=…;#V=1.2;KEY=…;R=registry.example.org</c>: tags
/// joined by <c>;</c>, <c>#</c> before a numeric tag's name, <c>\</c> escaping <c>;</c>, <c>=</c> and <c>\</c> in values,
/// <c>R</c> naming the registry. Read in that form and in XEP-0347's own older one (§Claiming Ownership:
/// <c>IoTDisco;SN:…;#V:1.2;KEY:…</c>, <c>\</c> escaping <c>;</c> and <c>\</c>). Values are not percent-decoded: whether
/// decoders must is not settled anywhere we could read.
/// </summary>
public sealed record ClaimUri(IReadOnlyList<MetaTag> Tags, Jid? Registry)
{
    private const string Scheme = "iotdisco:";
    private const string XepPrefix = "IoTDisco";

    /// <summary>A claim string must hold a KEY; without one it is a search, not a claim.</summary>
    public bool IsClaim => Tags.Any(t => t.IsKey && !string.IsNullOrEmpty(t.StringValue));

    /// <summary>The <c>iotdisco:</c> form, tags in the order given, <c>R</c> last.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Scheme);
        var first = true;
        foreach (var tag in Tags)
        {
            Separator(text, ref first);
            text.Append(tag.IsNumeric ? "#" : string.Empty).Append(tag.Name).Append('=').Append(Escape(tag.ValueText, "=;\\"));
        }

        if (Registry is not null)
        {
            Separator(text, ref first);
            text.Append("R=").Append(Escape(Registry.ToString(), "=;\\"));
        }

        return text.ToString();
    }

    /// <summary>Reads either form; the error names what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ClaimUri? uri, [NotNullWhen(false)] out string? error)
    {
        uri = null;
        text = text?.Trim();
        char assign;
        string body;
        if (text is not null && text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            (assign, body) = ('=', text[Scheme.Length..]);
        }
        else if (text is not null && text.StartsWith(XepPrefix + ";", StringComparison.Ordinal))
        {
            (assign, body) = (':', text[(XepPrefix.Length + 1)..]);
        }
        else
        {
            error = "A claim string starts with 'iotdisco:' (or XEP-0347's 'IoTDisco;').";
            return false;
        }

        var tags = new List<MetaTag>();
        Jid? registry = null;
        foreach (var part in Split(body))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var at = IndexOfUnescaped(part, assign);
            if (at <= 0)
            {
                error = $"'{part}' is not NAME{assign}VALUE.";
                return false;
            }

            var name = part[..at];
            var value = Unescape(part[(at + 1)..]);
            var numeric = name.StartsWith('#');
            name = numeric ? name[1..] : name;
            if (assign == '=' && !numeric && name == "R")
            {
                if (!Jid.TryParse(value, out registry))
                {
                    error = $"R='{value}' is not a JID.";
                    return false;
                }

                continue;
            }

            double? number = null;
            if (numeric)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    error = $"Numeric tag '{name}' has value '{value}', not a number.";
                    return false;
                }

                number = parsed;
            }

            if (!MetaTag.TryCreate(name, numeric ? null : value, number, out var tag, out error))
            {
                return false;
            }

            tags.Add(tag);
        }

        uri = new ClaimUri(tags, registry);
        error = null;
        return true;
    }

    private static void Separator(StringBuilder text, ref bool first)
    {
        if (!first)
        {
            text.Append(';');
        }

        first = false;
    }

    private static string Escape(string value, string special)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (special.Contains(c, StringComparison.Ordinal))
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>Splits at every <c>;</c> not escaped by a backslash; the parts keep their escapes.</summary>
    private static List<string> Split(string body)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\')
            {
                i++;
            }
            else if (body[i] == ';')
            {
                parts.Add(body[start..i]);
                start = i + 1;
            }
        }

        parts.Add(body[start..]);
        return parts;
    }

    private static int IndexOfUnescaped(string part, char c)
    {
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '\\')
            {
                i++;
            }
            else if (part[i] == c)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            text.Append(value[i]);
        }

        return text.ToString();
    }
}
