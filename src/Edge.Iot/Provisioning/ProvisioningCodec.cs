using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Iot.SensorData.Internal;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning;

/// <summary>
/// The XEP-0324 wire form (§XML Schema) of the device-relevant elements, both ways: <c>isFriend</c>,
/// <c>isFriendResponse</c>, <c>canRead</c>, <c>canReadResponse</c>, <c>canControl</c>, <c>canControlResponse</c>,
/// <c>clearCache</c>, <c>clearCacheResponse</c>, the <c>friend</c>/<c>unfriend</c> messages and <c>tokenChallenge</c>.
/// Readers are bounded (at most <see cref="MaxItems"/> nodes, fields or parameters; tokens at most
/// <see cref="AccessTokens.MaxLength"/> characters) and say precisely what is wrong; the <c>jid</c> attribute is
/// read as a bare JID (§Friendship request accepted, Note 2: resources are ignored).
/// </summary>
public static class ProvisioningCodec
{
    /// <summary>The most <c>node</c>, <c>field</c> or <c>parameter</c> children read from one element.</summary>
    public const int MaxItems = 1000;

    /// <summary>The longest node id, field or parameter name read.</summary>
    public const int MaxNameLength = 1024;

    private static readonly XNamespace Ns = ProvisioningNamespaces.Provisioning;

    public static XElement IsFriend(Jid jid) => new(Ns + "isFriend", new XAttribute("jid", Bare(jid)));

    public static bool TryReadIsFriend(XElement element, [NotNullWhen(true)] out Jid? jid, [NotNullWhen(false)] out string? error)
    {
        jid = null;
        return Expect(element, "isFriend", out error) && TryReadJid(element, out jid, out error);
    }

    public static XElement IsFriendResponse(FriendAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var e = new XElement(Ns + "isFriendResponse", new XAttribute("jid", Bare(answer.Jid)), new XAttribute("result", Bool(answer.Result)));
        if (answer.SecondaryTrustAllowed)
        {
            e.SetAttributeValue("secondaryTrustAllowed", "true");
        }

        return e;
    }

    public static bool TryReadIsFriendResponse(XElement element, [NotNullWhen(true)] out FriendAnswer? answer, [NotNullWhen(false)] out string? error)
    {
        answer = null;
        if (!Expect(element, "isFriendResponse", out error) || !TryReadJid(element, out var jid, out error)
            || !TryReadResult(element, out var result, out error)
            || !WireAttributes.TryGetBoolean(element, "secondaryTrustAllowed", out var secondary, out error))
        {
            return false;
        }

        answer = new FriendAnswer(jid, result, secondary);
        return true;
    }

    public static XElement CanRead(ReadPermissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = new XElement(Ns + "canRead", new XAttribute("jid", Bare(request.Requester)));
        WriteTypes(e, request.Types);
        request.Tokens.WriteTo(e);
        WriteItems(e, request.Nodes, "field", request.FieldNames);
        return e;
    }

    public static bool TryReadCanRead(XElement element, [NotNullWhen(true)] out ReadPermissionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!Expect(element, "canRead", out error) || !TryReadJid(element, out var jid, out error)
            || !TryReadTypes(element, out var types, out error) || !AccessTokens.TryRead(element, out var tokens, out error)
            || !TryReadItems(element, "field", out var nodes, out var fields, out error))
        {
            return false;
        }

        request = new ReadPermissionRequest(jid, types, nodes, fields, tokens);
        return true;
    }

    public static XElement CanReadResponse(ReadPermission permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        var e = new XElement(Ns + "canReadResponse", new XAttribute("jid", Bare(permission.Requester)),
            new XAttribute("result", Bool(permission.Result)));
        WriteTypes(e, permission.Types);
        WriteItems(e, permission.Nodes, "field", permission.FieldNames);
        return e;
    }

    public static bool TryReadCanReadResponse(XElement element, [NotNullWhen(true)] out ReadPermission? permission, [NotNullWhen(false)] out string? error)
    {
        permission = null;
        if (!Expect(element, "canReadResponse", out error) || !TryReadJid(element, out var jid, out error)
            || !TryReadResult(element, out var result, out error) || !TryReadTypes(element, out var types, out error)
            || !TryReadItems(element, "field", out var nodes, out var fields, out error))
        {
            return false;
        }

        permission = new ReadPermission(jid, result, types, nodes, fields);
        return true;
    }

    public static XElement CanControl(ControlPermissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = new XElement(Ns + "canControl", new XAttribute("jid", Bare(request.Requester)));
        request.Tokens.WriteTo(e);
        WriteItems(e, request.Nodes, "parameter", request.ParameterNames);
        return e;
    }

    public static bool TryReadCanControl(XElement element, [NotNullWhen(true)] out ControlPermissionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!Expect(element, "canControl", out error) || !TryReadJid(element, out var jid, out error)
            || !AccessTokens.TryRead(element, out var tokens, out error)
            || !TryReadItems(element, "parameter", out var nodes, out var parameters, out error))
        {
            return false;
        }

        request = new ControlPermissionRequest(jid, nodes, parameters, tokens);
        return true;
    }

    public static XElement CanControlResponse(ControlPermission permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        var e = new XElement(Ns + "canControlResponse", new XAttribute("jid", Bare(permission.Requester)),
            new XAttribute("result", Bool(permission.Result)));
        WriteItems(e, permission.Nodes, "parameter", permission.ParameterNames);
        return e;
    }

    public static bool TryReadCanControlResponse(XElement element, [NotNullWhen(true)] out ControlPermission? permission,
        [NotNullWhen(false)] out string? error)
    {
        permission = null;
        if (!Expect(element, "canControlResponse", out error) || !TryReadJid(element, out var jid, out error)
            || !TryReadResult(element, out var result, out error)
            || !TryReadItems(element, "parameter", out var nodes, out var parameters, out error))
        {
            return false;
        }

        permission = new ControlPermission(jid, result, nodes, parameters);
        return true;
    }

    /// <summary><c>clearCache</c>, sent in an IQ set since v0.3 (§Clear cache).</summary>
    public static XElement ClearCache() => new(Ns + "clearCache");

    public static XElement ClearCacheResponse() => new(Ns + "clearCacheResponse");

    /// <summary>A <c>friend</c> or <c>unfriend</c> payload, for a message.</summary>
    public static XElement Recommendation(ProvisioningMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new XElement(Ns + (message.Kind == ProvisioningMessageKind.Friend ? "friend" : "unfriend"), new XAttribute("jid", Bare(message.Jid)));
    }

    /// <summary>
    /// The <c>friend</c> / <c>unfriend</c> payload of a message stanza, if it has one. False with a null
    /// <paramref name="error"/> when the message carries neither (not ours); false with an error when it is malformed.
    /// </summary>
    public static bool TryReadRecommendation(XElement message, [NotNullWhen(true)] out ProvisioningMessage? recommendation, out string? error)
    {
        ArgumentNullException.ThrowIfNull(message);
        recommendation = null;
        error = null;
        var payload = message.Elements().FirstOrDefault(e => e.Name == Ns + "friend" || e.Name == Ns + "unfriend");
        if (payload is null)
        {
            return false;
        }

        if (!TryReadJid(payload, out var jid, out error))
        {
            return false;
        }

        recommendation = new ProvisioningMessage(payload.Name.LocalName == "friend" ? ProvisioningMessageKind.Friend : ProvisioningMessageKind.Unfriend, jid);
        return true;
    }

    /// <summary>The <c>token</c> of a <c>tokenChallenge</c> (§Provisioning Server challenging a token).</summary>
    public static bool TryReadTokenChallenge(XElement element, [NotNullWhen(true)] out string? token, [NotNullWhen(false)] out string? error)
    {
        token = null;
        if (!Expect(element, "tokenChallenge", out error))
        {
            return false;
        }

        token = (string?)element.Attribute("token");
        if (string.IsNullOrEmpty(token) || token.Length > AccessTokens.MaxLength)
        {
            error = "<tokenChallenge/> needs a 'token' of 1 to " + AccessTokens.MaxLength + " characters.";
            token = null;
            return false;
        }

        return true;
    }

    private static string Bare(Jid jid) => (jid ?? throw new ArgumentNullException(nameof(jid))).Bare.ToString();

    private static string Bool(bool value) => value ? "true" : "false";

    private static bool Expect(XElement element, string localName, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        error = element.Name == Ns + localName ? null : $"Expected <{localName} xmlns='{Ns.NamespaceName}'/>, got <{element.Name.LocalName} xmlns='{element.Name.NamespaceName}'/>.";
        return error is null;
    }

    private static bool TryReadJid(XElement element, [NotNullWhen(true)] out Jid? jid, [NotNullWhen(false)] out string? error)
    {
        jid = null;
        var text = (string?)element.Attribute("jid");
        if (string.IsNullOrEmpty(text))
        {
            error = $"<{element.Name.LocalName}/> has no 'jid' (XEP-0324 requires one).";
            return false;
        }

        if (!Jid.TryParse(text, out var parsed, out var problem))
        {
            error = $"'jid' of <{element.Name.LocalName}/> is not a JID: {problem}";
            return false;
        }

        jid = parsed.Bare;
        error = null;
        return true;
    }

    private static bool TryReadResult(XElement element, out bool result, [NotNullWhen(false)] out string? error)
    {
        result = false;
        if (element.Attribute("result") is null)
        {
            error = $"<{element.Name.LocalName}/> has no 'result' (XEP-0324 requires one).";
            return false;
        }

        return WireAttributes.TryGetBoolean(element, "result", out result, out error);
    }

    /// <summary>The XEP-0323 field-type flags, <c>all</c> and <c>historical</c> (schema group <c>sn:fieldTypes</c>).</summary>
    private static bool TryReadTypes(XElement element, out ReadoutTypes types, [NotNullWhen(false)] out string? error)
    {
        if (!WireAttributes.TryGetTypes(element, out types, out error)
            || !WireAttributes.TryGetBoolean(element, "all", out var all, out error)
            || !WireAttributes.TryGetBoolean(element, "historical", out var historical, out error))
        {
            return false;
        }

        types |= (all ? ReadoutTypes.All : ReadoutTypes.None) | (historical ? ReadoutTypes.Historical : ReadoutTypes.None);
        return true;
    }

    private static void WriteTypes(XElement element, ReadoutTypes types)
    {
        if (types == ReadoutTypes.All)
        {
            element.SetAttributeValue("all", "true");
            return;
        }

        foreach (var (flag, name) in FieldsElement.TypeNames)
        {
            if (types.HasFlag(flag))
            {
                element.SetAttributeValue(name, "true");
            }
        }
    }

    private static void WriteItems(XElement element, IReadOnlyList<ThingReference> nodes, string itemName, IReadOnlyList<string> names)
    {
        foreach (var node in nodes)
        {
            var n = new XElement(Ns + "node");
            WireAttributes.SetNode(n, node);
            element.Add(n);
        }

        element.Add(names.Select(name => new XElement(Ns + itemName, new XAttribute("name", name))));
    }

    private static bool TryReadItems(XElement element, string itemName, out IReadOnlyList<ThingReference> nodes,
        out IReadOnlyList<string> names, [NotNullWhen(false)] out string? error)
    {
        var nodeList = new List<ThingReference>();
        var nameList = new List<string>();
        nodes = nodeList;
        names = nameList;
        error = null;
        foreach (var child in element.Elements())
        {
            if (nodeList.Count + nameList.Count >= MaxItems)
            {
                error = $"<{element.Name.LocalName}/> lists more than {MaxItems} nodes and {itemName}s; that many are not read.";
                return false;
            }

            if (child.Name == Ns + "node")
            {
                if (!WireAttributes.TryGetNode(child, out var node, out error))
                {
                    return false;
                }

                if (node.NodeId.Length > MaxNameLength)
                {
                    error = $"A 'nodeId' in <{element.Name.LocalName}/> is longer than {MaxNameLength} characters.";
                    return false;
                }

                if (!nodeList.Contains(node))
                {
                    nodeList.Add(node);
                }
            }
            else if (child.Name == Ns + itemName)
            {
                var name = (string?)child.Attribute("name");
                if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
                {
                    error = $"A <{itemName}/> in <{element.Name.LocalName}/> needs a 'name' of 1 to {MaxNameLength} characters.";
                    return false;
                }

                if (!nameList.Contains(name, StringComparer.Ordinal))
                {
                    nameList.Add(name);
                }
            }
        }

        return true;
    }
}
