using System.Xml.Linq;

namespace Edge.Iot.Provisioning;

/// <summary>
/// The XEP-0324 token attributes (schema attribute group <c>tokens</c>: <c>serviceToken</c>, <c>deviceToken</c>,
/// <c>userToken</c>) a requester puts on a readout or control request, carried unchanged into <c>canRead</c> and
/// <c>canControl</c>. Several tokens of one kind are separated by spaces (§Multiple tokens).
/// </summary>
public sealed record AccessTokens(string? ServiceToken = null, string? DeviceToken = null, string? UserToken = null)
{
    /// <summary>The longest token attribute read; longer ones are refused (bounded parsing).</summary>
    public const int MaxLength = 4096;

    public static AccessTokens None { get; } = new();

    public bool IsEmpty => ServiceToken is null && DeviceToken is null && UserToken is null;

    /// <summary>Reads the three attributes (empty = absent); false when one is longer than <see cref="MaxLength"/>.</summary>
    public static bool TryRead(XElement element, out AccessTokens tokens, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        tokens = None;
        error = null;
        string? service = null, device = null, user = null;
        foreach (var (name, set) in new (string, Action<string?>)[]
                 { ("serviceToken", v => service = v), ("deviceToken", v => device = v), ("userToken", v => user = v) })
        {
            var value = (string?)element.Attribute(name);
            if (value is { Length: > MaxLength })
            {
                error = $"'{name}' of <{element.Name.LocalName}/> is {value.Length} characters; at most {MaxLength} are read.";
                return false;
            }

            set(string.IsNullOrEmpty(value) ? null : value);
        }

        tokens = service is null && device is null && user is null ? None : new AccessTokens(service, device, user);
        return true;
    }

    /// <summary>Writes the attributes that are set.</summary>
    public void WriteTo(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        element.SetAttributeValue("serviceToken", ServiceToken);
        element.SetAttributeValue("deviceToken", DeviceToken);
        element.SetAttributeValue("userToken", UserToken);
    }

    /// <summary>Every single token, whatever its kind (space-separated lists split).</summary>
    public IEnumerable<string> All() =>
        new[] { ServiceToken, DeviceToken, UserToken }.Where(t => t is not null)
            .SelectMany(t => t!.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>For logs: how many tokens, never their values.</summary>
    public override string ToString() => $"{All().Count()} token(s)";
}
