using System.Text;
using System.Xml.Linq;

namespace Edge.Iot.Tests.Concentrator;

/// <summary>
/// Compares XML by meaning: element names with namespaces, attributes as a set (namespace declarations aside),
/// children in order, and text. Failures show both sides in a canonical one-line form.
/// </summary>
internal static class XmlAssert
{
    public static void AreEqual(string expected, XElement? actual)
    {
        Assert.IsNotNull(actual, "Expected an element, got none.");
        Assert.AreEqual(Canonical(XElement.Parse(expected)), Canonical(actual));
    }

    public static string Canonical(XElement element)
    {
        var sb = new StringBuilder();
        Write(element, sb);
        return sb.ToString();
    }

    private static void Write(XElement element, StringBuilder sb)
    {
        sb.Append('<').Append(element.Name.ToString());
        foreach (var a in element.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal))
        {
            sb.Append(' ').Append(a.Name.ToString()).Append("=\"").Append(a.Value).Append('"');
        }

        sb.Append('>');
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XElement child:
                    Write(child, sb);
                    break;
                case XText text when !string.IsNullOrWhiteSpace(text.Value):
                    sb.Append(text.Value.Trim());
                    break;
            }
        }

        sb.Append("</").Append(element.Name.ToString()).Append('>');
    }
}
