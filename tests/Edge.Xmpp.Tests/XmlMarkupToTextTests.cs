using System.Xml.Linq;

namespace Edge.Xmpp.Tests;

/// <summary>
/// <see cref="XmlMarkup.ToText"/> is the agent's only way to an element's text (its binary has no XmlWriter, so no
/// working <c>XNode.ToString()</c>): it must give what <c>ToString</c> gave, for the shapes Edge builds.
/// </summary>
[TestClass]
public sealed class XmlMarkupToTextTests
{
    private static readonly XNamespace Client = "jabber:client";
    private static readonly XNamespace PubSub = "http://jabber.org/protocol/pubsub";
    private static readonly XNamespace SensorData = "urn:xmpp:iot:sensordata";

    public static IEnumerable<object[]> Trees()
    {
        yield return [new XElement(Client + "iq", new XAttribute("type", "set"), new XAttribute("id", "e1"),
            new XElement(PubSub + "pubsub", new XElement(PubSub + "publish", new XAttribute("node", "edge/a"),
                new XElement(PubSub + "item", new XAttribute("id", "1"),
                    new XElement(SensorData + "fields", new XAttribute("seqnr", "0"),
                        new XElement(SensorData + "node", new XAttribute("nodeId", "meter"),
                            new XElement(SensorData + "timestamp", new XAttribute("value", "2026-12-06T19:33:00Z"),
                                new XElement(SensorData + "numeric", new XAttribute("name", "Temperature"),
                                    new XAttribute("value", "21.5"), new XAttribute("unit", "°C"), new XAttribute("momentary", "true")))))))))];
        yield return [new XElement("presence", new XElement("status", "here"), new XElement("empty"), new XElement("blank", string.Empty),
            new XElement(XName.Get("x", "urn:example"), new XElement("plain")))];
        yield return [new XElement(Client + "message", new XAttribute("to", "a&b<c>\"d'e\tf\ng\rh@example.com"),
            new XElement(Client + "body", "x < y & z > w \"quoted\" 'single' line\nbreak Grüße 温度 🌡 ]]>"))];
        XNamespace other = "urn:example:attrs";
        yield return [new XElement(Client + "message", new XAttribute(XNamespace.Xmlns + "o", other.NamespaceName),
            new XAttribute(XNamespace.Xml + "lang", "de"), new XAttribute(other + "a", "1"),
            new XElement(Client + "body", new XAttribute(other + "b", "2"), "text"), new XElement(other + "note", "n"))];
        yield return [new XElement("root", new XElement("a", new XElement("b", "1"), new XElement("c")), "tail",
            new XElement("d", new XElement("e")))]; // mixed content: no indentation after the text, nor inside what follows
    }

    [TestMethod]
    [DynamicData(nameof(Trees))]
    public void ToText_Element_SameAsToStringWithoutFormatting(XElement element)
    {
        Assert.AreEqual(element.ToString(SaveOptions.DisableFormatting), XmlMarkup.ToText(element));
    }

    [TestMethod]
    [DynamicData(nameof(Trees))]
    public void ToText_Indented_SameAsToString(XElement element)
    {
        Assert.AreEqual(element.ToString().ReplaceLineEndings("\n"), XmlMarkup.ToText(element, indent: true));
    }

    [TestMethod]
    public void ToText_ParsedStanza_SameAsToString()
    {
        var parsed = XmlMarkup.Parse(Stanza, new XmlMarkupOptions { Document = true, KeepNamespaceDeclarations = false });

        Assert.AreEqual(parsed.ToString(SaveOptions.DisableFormatting), XmlMarkup.ToText(parsed));
    }

    [TestMethod]
    public void ToText_ParsedWithItsDeclarations_DefaultNamespaceComesAfterTheAttributes()
    {
        var parsed = XmlMarkup.Parse(Stanza, new XmlMarkupOptions { Document = true });

        var text = XmlMarkup.ToText(parsed);

        Assert.AreEqual("<message xmlns=\"jabber:client\" to=\"a@b\"><body>hi &amp; bye</body><x xmlns=\"urn:x\" n=\"1\"><y /></x></message>",
            parsed.ToString(SaveOptions.DisableFormatting));
        Assert.AreEqual("<message to=\"a@b\" xmlns=\"jabber:client\"><body>hi &amp; bye</body><x n=\"1\" xmlns=\"urn:x\"><y /></x></message>", text);
    }

    [TestMethod]
    public void ToText_AttributeInANamespaceNobodyDeclared_GetsAPrefixDeclaredBeforeIt()
    {
        XNamespace third = "urn:example:third";
        var element = new XElement("body", new XAttribute(third + "b", "2"), new XAttribute(third + "c", "3"), "text");

        var text = XmlMarkup.ToText(element);

        Assert.AreEqual("<body p1:b=\"2\" p1:c=\"3\" xmlns:p1=\"urn:example:third\">text</body>", element.ToString(), "XmlWriter's form");
        Assert.AreEqual("<body xmlns:p1=\"urn:example:third\" p1:b=\"2\" p1:c=\"3\">text</body>", text);
    }

    [TestMethod]
    public void ToText_CarriageReturnAndCData_KeptAsTheSameCharacters()
    {
        var element = new XElement("a", new XElement("b", "line\r\nbreak"), new XElement("c", new XCData("<kept> & escaped")));

        var text = XmlMarkup.ToText(element);

        Assert.AreEqual("<a><b>line&#xD;\nbreak</b><c>&lt;kept&gt; &amp; escaped</c></a>", text);
        var back = XmlMarkup.Parse(text, new XmlMarkupOptions { Document = true });
        Assert.AreEqual("line\r\nbreak", back.Element("b")!.Value, "XmlWriter turned the CR into a line feed; here it is kept");
        Assert.AreEqual("<kept> & escaped", back.Element("c")!.Value);
    }

    [TestMethod]
    public void ToText_ControlCharacterXmlForbids_ThrowsArgumentExceptionAsXmlWriter()
    {
        var element = new XElement("body", "bell \u0007");

        Assert.ThrowsExactly<ArgumentException>(() => element.ToString());
        var error = Assert.ThrowsExactly<ArgumentException>(() => XmlMarkup.ToText(element));
        StringAssert.Contains(error.Message, "U+0007");
    }

    private const string Stanza = "<message xmlns='jabber:client' to='a@b'><body>hi &amp; bye</body><x xmlns='urn:x' n='1'><y/></x></message>";
}
