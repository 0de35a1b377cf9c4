using System.Xml.Linq;

namespace Edge.Agent.DemandResponse.OpenAdr.Internal;

/// <summary>
/// The state of one read: where in the payload it is (for messages) and the first failure. Lookups return null once
/// they fail, and the first failure's sentence is kept.
/// </summary>
internal sealed class Reading
{
    private const int MaxQuoted = 64;

    /// <summary>Where the read is, e.g. <c>event 'evt-1', signal #1</c>; prefixes every message.</summary>
    public string Where { get; set; } = string.Empty;

    /// <summary>The first failure, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Records a failure at <see cref="Where"/> (the first one wins).</summary>
    public void Fail(string message) => Error ??= Where.Length == 0 ? message : $"{Where}: {message}";

    /// <summary>The required child <paramref name="name"/> of <paramref name="parent"/>.</summary>
    public XElement? Child(XElement parent, XName name)
    {
        XElement? child = parent.Element(name);
        if (child is null)
        {
            Fail($"{Name(parent.Name)} has no {Name(name)}");
        }

        return child;
    }

    /// <summary>The trimmed text of the required child <paramref name="name"/> of <paramref name="parent"/>.</summary>
    public string? Text(XElement parent, XName name) => Child(parent, name) is { } child ? Trim(child.Value) : null;

    /// <summary>The trimmed text of the required child <paramref name="name"/>, which must not be empty.</summary>
    public string? NonEmptyText(XElement parent, XName name)
    {
        string? text = Text(parent, name);
        if (text is { Length: 0 })
        {
            Fail($"{Name(name)} is empty");
            return null;
        }

        return text;
    }

    /// <summary>Text with XML whitespace (space, tab, CR, LF) trimmed from both ends.</summary>
    public static string Trim(string text) => text.Trim(' ', '\t', '\r', '\n');

    /// <summary>A value for a message: quoted, and cut short if long.</summary>
    public static string Quote(string value) =>
        value.Length <= MaxQuoted ? $"'{value}'" : $"'{value[..MaxQuoted]}…'";

    /// <summary>An element name as the schemas write it (<c>ei:eventID</c>), or with its namespace if foreign.</summary>
    public static string Name(XName name)
    {
        string? prefix = name.NamespaceName switch
        {
            OpenAdrNamespaces.OadrUri => "oadr",
            OpenAdrNamespaces.EiUri => "ei",
            OpenAdrNamespaces.PyldUri => "pyld",
            OpenAdrNamespaces.XcalUri => "xcal",
            OpenAdrNamespaces.StrmUri => "strm",
            OpenAdrNamespaces.EmixUri => "emix",
            _ => null,
        };
        return prefix is not null ? $"{prefix}:{name.LocalName}"
            : name.NamespaceName.Length == 0 ? $"{name.LocalName} (no namespace)"
            : $"{name.LocalName} (namespace {Quote(name.NamespaceName)})";
    }
}
