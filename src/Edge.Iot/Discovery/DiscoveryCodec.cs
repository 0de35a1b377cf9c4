using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml.Linq;
using Edge.Xmpp;

namespace Edge.Iot.Discovery;

/// <summary>
/// The XEP-0347 wire form (schema in §XML Schema) of the payload types, both ways: writers always emit the
/// <c>urn:xmpp:iot:discovery</c> shapes of the XEP; readers are lenient where deployed drafts differ — tag names in any
/// case, booleans as <c>true/false/1/0</c> in any case, <c>claimed</c> without <c>public</c> read as public (the text's
/// meaning, not the XSD default), <c>strMask</c> without <c>wildcard</c> read with <c>*</c>. The registry's logic never
/// sees XML. Split: <c>DiscoveryCodec.Search.cs</c> (search and found).
/// </summary>
public static partial class DiscoveryCodec
{
    private static readonly XNamespace Ns = DiscoveryNamespaces.Discovery;

    public static XElement Register(RegisterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = WithNode(new XElement(Ns + "register"), request.Node);
        if (request.SelfOwned)
        {
            e.SetAttributeValue("selfOwned", "true");
        }

        e.Add(request.Tags.Select(TagElement));
        return e;
    }

    public static bool TryReadRegister(XElement element, [NotNullWhen(true)] out RegisterRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!Expect(element, "register", out error) || !TryReadTags(element, out var tags, out error)
            || !TryReadBool(element, "selfOwned", false, out var selfOwned, out error))
        {
            return false;
        }

        request = new RegisterRequest(tags, ReadNode(element), selfOwned);
        return true;
    }

    public static XElement Mine(MineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = WithNode(new XElement(Ns + "mine"), request.Node);
        e.SetAttributeValue("public", request.Public ? "true" : "false");
        e.Add(request.Tags.Select(TagElement));
        return e;
    }

    public static bool TryReadMine(XElement element, [NotNullWhen(true)] out MineRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!Expect(element, "mine", out error) || !TryReadTags(element, out var tags, out error)
            || !TryReadBool(element, "public", true, out var isPublic, out error))
        {
            return false;
        }

        request = new MineRequest(tags, ReadNode(element), isPublic);
        return true;
    }

    public static XElement Update(UpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = WithNode(new XElement(Ns + "update"), request.Node);
        if (request.Thing is not null)
        {
            e.SetAttributeValue("jid", request.Thing.ToString());
        }

        e.Add(request.Tags.Select(TagElement));
        return e;
    }

    public static bool TryReadUpdate(XElement element, [NotNullWhen(true)] out UpdateRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!Expect(element, "update", out error) || !TryReadTags(element, out var tags, out error))
        {
            return false;
        }

        Jid? thing = null;
        if ((string?)element.Attribute("jid") is { } text && !Jid.TryParse(text, out thing))
        {
            error = $"update/@jid '{text}' is not a JID.";
            return false;
        }

        request = new UpdateRequest(tags, ReadNode(element), thing);
        return true;
    }

    /// <summary><c>claimed</c>: the result of <c>mine</c> (and of <c>register</c> when already claimed), and the push to the thing.</summary>
    public static XElement Claimed(ClaimedInfo claimed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return WithNode(new XElement(Ns + "claimed", new XAttribute("jid", claimed.Jid.ToString()),
            new XAttribute("public", claimed.Public ? "true" : "false")), claimed.Node);
    }

    public static bool TryReadClaimed(XElement element, [NotNullWhen(true)] out ClaimedInfo? claimed, [NotNullWhen(false)] out string? error)
    {
        claimed = null;
        if (!Expect(element, "claimed", out error) || !TryReadJid(element, out var jid, out error)
            || !TryReadBool(element, "public", true, out var isPublic, out error))
        {
            return false;
        }

        claimed = new ClaimedInfo(jid, ReadNode(element), isPublic);
        return true;
    }

    /// <summary><c>remove</c> or <c>disown</c> (owner → registry): <paramref name="name"/> is the element.</summary>
    public static XElement ThingRequest(string name, ThingReference thing)
    {
        ArgumentNullException.ThrowIfNull(thing);
        CheckName(name, "remove", "disown");
        return WithNode(new XElement(Ns + name, new XAttribute("jid", thing.Thing.ToString())), thing.Node);
    }

    public static bool TryReadThingRequest(XElement element, string name, [NotNullWhen(true)] out ThingReference? thing,
        [NotNullWhen(false)] out string? error)
    {
        thing = null;
        if (!Expect(element, name, out error) || !TryReadJid(element, out var jid, out error))
        {
            return false;
        }

        thing = new ThingReference(jid, ReadNode(element));
        return true;
    }

    /// <summary><c>removed</c>, <c>disowned</c> (registry → thing) or <c>unregister</c> (thing → registry): node attributes only.</summary>
    public static XElement NodeOnly(string name, ThingNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        CheckName(name, "removed", "disowned", "unregister");
        return WithNode(new XElement(Ns + name), node);
    }

    public static ThingNode ReadNode(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var node = new ThingNode((string?)element.Attribute("nodeId"), (string?)element.Attribute("sourceId"), (string?)element.Attribute("cacheType"));
        return node.IsNone ? ThingNode.None : node;
    }

    public static XElement TagElement(MetaTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return new XElement(Ns + (tag.IsNumeric ? "num" : "str"), new XAttribute("name", tag.Name), new XAttribute("value", tag.ValueText));
    }

    /// <summary>Every <c>str</c>/<c>num</c> child; other children are ignored. A repeated name is an error.</summary>
    public static bool TryReadTags(XElement element, [NotNullWhen(true)] out IReadOnlyList<MetaTag>? tags, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        var list = new List<MetaTag>();
        tags = null;
        foreach (var child in element.Elements())
        {
            if (child.Name.Namespace != Ns || child.Name.LocalName is not ("str" or "num"))
            {
                continue;
            }

            var name = (string?)child.Attribute("name");
            var value = (string?)child.Attribute("value");
            if (value is null)
            {
                error = $"Meta tag '{name}' has no value.";
                return false;
            }

            double? number = null;
            if (child.Name.LocalName == "num")
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    error = $"Numeric meta tag '{name}' has value '{value}', not an xs:double.";
                    return false;
                }

                number = parsed;
            }

            if (!MetaTag.TryCreate(name, number is null ? value : null, number, out var tag, out error))
            {
                return false;
            }

            if (list.Any(t => t.Name == tag.Name))
            {
                error = $"Meta tag '{tag.Name}' appears twice.";
                return false;
            }

            list.Add(tag);
        }

        tags = list;
        error = null;
        return true;
    }

    private static XElement WithNode(XElement element, ThingNode node)
    {
        if (node.NodeId is not null)
        {
            element.SetAttributeValue("nodeId", node.NodeId);
        }

        if (node.SourceId is not null)
        {
            element.SetAttributeValue("sourceId", node.SourceId);
        }

        if (node.CacheType is not null)
        {
            element.SetAttributeValue("cacheType", node.CacheType);
        }

        return element;
    }

    private static bool Expect(XElement element, string name, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Name != Ns + name)
        {
            error = $"Expected <{name} xmlns='{Ns.NamespaceName}'/>, got <{element.Name.LocalName} xmlns='{element.Name.NamespaceName}'/>.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadJid(XElement element, [NotNullWhen(true)] out Jid? jid, [NotNullWhen(false)] out string? error)
    {
        var text = (string?)element.Attribute("jid");
        if (!Jid.TryParse(text, out jid))
        {
            error = $"<{element.Name.LocalName}/> needs a jid attribute holding a JID, not '{text}'.";
            return false;
        }

        error = null;
        return true;
    }

    internal static bool TryReadBool(XElement element, string attribute, bool absent, out bool value, [NotNullWhen(false)] out string? error)
    {
        error = null;
        var text = ((string?)element.Attribute(attribute))?.Trim();
        switch (text?.ToLowerInvariant())
        {
            case null:
                value = absent;
                return true;
            case "true" or "1":
                value = true;
                return true;
            case "false" or "0":
                value = false;
                return true;
            default:
                value = absent;
                error = $"{element.Name.LocalName}/@{attribute} '{text}' is not an xs:boolean.";
                return false;
        }
    }

    private static void CheckName(string name, params string[] allowed)
    {
        if (!allowed.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not one of {string.Join(", ", allowed)}.", nameof(name));
        }
    }
}
