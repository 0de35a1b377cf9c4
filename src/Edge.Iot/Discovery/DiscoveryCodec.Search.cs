using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml.Linq;
using Edge.Xmpp;

namespace Edge.Iot.Discovery;

public static partial class DiscoveryCodec
{
    private static readonly Dictionary<SearchOperatorKind, string> OperatorNames = Enum.GetValues<SearchOperatorKind>()
        .ToDictionary(k => k, k => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..]);

    private static readonly Dictionary<string, SearchOperatorKind> OperatorKinds =
        OperatorNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static XElement Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = new XElement(Ns + "search", new XAttribute("offset", request.Offset.ToString(CultureInfo.InvariantCulture)));
        if (request.MaxCount is { } max)
        {
            e.SetAttributeValue("maxCount", max.ToString(CultureInfo.InvariantCulture));
        }

        e.Add(request.Operators.Select(OperatorElement));
        return e;
    }

    /// <summary>Reads a <c>search</c>; at least one operator (§XML Schema: minOccurs 1), offset ≥ 0, maxCount ≥ 1.</summary>
    public static bool TryReadSearch(XElement element, [NotNullWhen(true)] out SearchRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!Expect(element, "search", out error)
            || !TryReadInt(element, "offset", 0, out var offset, out error)
            || !TryReadInt(element, "maxCount", 1, out var maxCount, out error))
        {
            return false;
        }

        var operators = new List<SearchOperator>();
        foreach (var child in element.Elements().Where(c => c.Name.Namespace == Ns))
        {
            if (!OperatorKinds.TryGetValue(child.Name.LocalName, out var kind))
            {
                error = $"<{child.Name.LocalName}/> is not a search operator.";
                return false;
            }

            if (!TryReadOperator(child, kind, out var op, out error))
            {
                return false;
            }

            operators.Add(op);
        }

        if (operators.Count == 0)
        {
            error = "A search needs at least one operator.";
            return false;
        }

        request = new SearchRequest(operators, offset ?? 0, maxCount);
        return true;
    }

    public static XElement Found(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new XElement(Ns + "found", new XAttribute("more", result.More ? "true" : "false"),
            result.Things.Select(t => WithNode(new XElement(Ns + "thing", new XAttribute("owner", t.Owner.ToString()),
                new XAttribute("jid", t.Thing.ToString())), t.Node)
                .Also(e => e.Add(t.Tags.Select(TagElement)))));
    }

    public static bool TryReadFound(XElement element, [NotNullWhen(true)] out SearchResult? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!Expect(element, "found", out error) || !TryReadBool(element, "more", false, out var more, out error))
        {
            return false;
        }

        var things = new List<FoundThing>();
        foreach (var thing in element.Elements(Ns + "thing"))
        {
            if (!Jid.TryParse((string?)thing.Attribute("owner"), out var owner) || !Jid.TryParse((string?)thing.Attribute("jid"), out var jid))
            {
                error = "A found thing needs owner and jid attributes holding JIDs.";
                return false;
            }

            if (!TryReadTags(thing, out var tags, out error))
            {
                return false;
            }

            things.Add(new FoundThing(owner, jid, ReadNode(thing), tags));
        }

        result = new SearchResult(things, more);
        return true;
    }

    private static XElement OperatorElement(SearchOperator op)
    {
        var e = new XElement(Ns + OperatorNames[op.Kind], new XAttribute("name", op.Name));
        switch (op.Kind)
        {
            case SearchOperatorKind.StrRange or SearchOperatorKind.StrNRange:
                e.Add(new XAttribute("min", op.TextMin!), new XAttribute("minIncluded", op.MinIncluded ? "true" : "false"),
                    new XAttribute("max", op.TextMax!), new XAttribute("maxIncluded", op.MaxIncluded ? "true" : "false"));
                break;
            case SearchOperatorKind.NumRange or SearchOperatorKind.NumNRange:
                e.Add(new XAttribute("min", Number(op.NumberMin!.Value)), new XAttribute("minIncluded", op.MinIncluded ? "true" : "false"),
                    new XAttribute("max", Number(op.NumberMax!.Value)), new XAttribute("maxIncluded", op.MaxIncluded ? "true" : "false"));
                break;
            case SearchOperatorKind.StrMask:
                e.Add(new XAttribute("value", op.Text!), new XAttribute("wildcard", op.Wildcard!));
                break;
            default:
                e.Add(new XAttribute("value", op.IsNumeric ? Number(op.Number!.Value) : op.Text!));
                break;
        }

        return e;
    }

    private static bool TryReadOperator(XElement e, SearchOperatorKind kind, [NotNullWhen(true)] out SearchOperator? op,
        [NotNullWhen(false)] out string? error)
    {
        op = null;
        var name = (string?)e.Attribute("name");
        if (string.IsNullOrEmpty(name))
        {
            error = $"<{e.Name.LocalName}/> has no name.";
            return false;
        }

        var numeric = kind >= SearchOperatorKind.NumEq;
        switch (kind)
        {
            case SearchOperatorKind.StrRange or SearchOperatorKind.StrNRange or SearchOperatorKind.NumRange or SearchOperatorKind.NumNRange:
                var min = (string?)e.Attribute("min");
                var max = (string?)e.Attribute("max");
                if (min is null || max is null)
                {
                    error = $"<{e.Name.LocalName} name='{name}'/> needs min and max.";
                    return false;
                }

                if (!TryReadBool(e, "minIncluded", true, out var minIncluded, out error)
                    || !TryReadBool(e, "maxIncluded", true, out var maxIncluded, out error))
                {
                    return false;
                }

                var outside = kind is SearchOperatorKind.StrNRange or SearchOperatorKind.NumNRange;
                if (!numeric)
                {
                    op = SearchOperator.StringRange(name, min, minIncluded, max, maxIncluded, outside);
                    return true;
                }

                if (!TryNumber(min, name, out var nMin, out error) || !TryNumber(max, name, out var nMax, out error))
                {
                    return false;
                }

                op = SearchOperator.NumericRange(name, nMin, minIncluded, nMax, maxIncluded, outside);
                return true;
            default:
                var value = (string?)e.Attribute("value");
                if (value is null)
                {
                    error = $"<{e.Name.LocalName} name='{name}'/> needs a value.";
                    return false;
                }

                if (kind == SearchOperatorKind.StrMask)
                {
                    var wildcard = (string?)e.Attribute("wildcard");
                    op = SearchOperator.Mask(name, value, string.IsNullOrEmpty(wildcard) ? "*" : wildcard);
                }
                else if (numeric)
                {
                    if (!TryNumber(value, name, out var n, out error))
                    {
                        return false;
                    }

                    op = SearchOperator.Numeric(kind, name, n);
                }
                else
                {
                    op = SearchOperator.String(kind, name, value);
                }

                error = null;
                return true;
        }
    }

    private static bool TryNumber(string text, string name, out double value, [NotNullWhen(false)] out string? error)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            error = null;
            return true;
        }

        error = $"Operator on '{name}': '{text}' is not an xs:double.";
        return false;
    }

    private static bool TryReadInt(XElement e, string attribute, int minimum, out int? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if ((string?)e.Attribute(attribute) is not { } text)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < minimum)
        {
            error = $"search/@{attribute} '{text}' is not an integer ≥ {minimum}.";
            return false;
        }

        value = parsed;
        return true;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static XElement Also(this XElement element, Action<XElement> action)
    {
        action(element);
        return element;
    }
}
