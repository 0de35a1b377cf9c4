using System.Xml.Linq;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>
/// XML equality as EXI keeps it: names, attribute values and text, not attribute order (schema-informed coding sorts
/// attributes, EXI 1.0 §8.5.4.3) nor namespace declarations (prefixes are not preserved).
/// </summary>
internal static class XmlEquivalence
{
    public static bool Same(XElement expected, XElement? actual) => actual is not null && Canonical(expected).ToString() == Canonical(actual).ToString();

    public static void AssertSame(XElement expected, XElement? actual) =>
        Assert.IsTrue(Same(expected, actual), $"expected {Canonical(expected)}, got {(actual is null ? "nothing" : Canonical(actual))}");

    private static XElement Canonical(XElement element) => new(element.Name,
        element.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.NamespaceName, StringComparer.Ordinal)
            .ThenBy(a => a.Name.LocalName, StringComparer.Ordinal).Select(a => new XAttribute(a.Name, a.Value)),
        element.Nodes().Select(n => n is XElement child ? (XNode)Canonical(child) : new XText(n is XText text ? text.Value : string.Empty)));
}
