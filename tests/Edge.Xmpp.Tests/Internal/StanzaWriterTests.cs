using System.Buffers;
using System.Text;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

[TestClass]
public sealed class StanzaWriterTests
{
    private static readonly XNamespace Client = "jabber:client";
    private static readonly XNamespace PubSub = "http://jabber.org/protocol/pubsub";

    [TestMethod]
    public void Write_PubSubPublish_StanzaInheritsTheStreamNamespaceAndChildrenDeclareTheirs()
    {
        var iq = new XElement(Client + "iq", new XAttribute("type", "set"), new XAttribute("id", "e1"),
            new XElement(PubSub + "pubsub", new XElement(PubSub + "publish", new XAttribute("node", "edge/a"),
                new XElement(PubSub + "item", new XAttribute("id", "1"),
                    new XElement(XName.Get("fields", "urn:xmpp:iot:sensordata"), new XAttribute("seqnr", "0"))))));

        Assert.AreEqual(
            "<iq type=\"set\" id=\"e1\"><pubsub xmlns=\"http://jabber.org/protocol/pubsub\"><publish node=\"edge/a\"><item id=\"1\">" +
            "<fields seqnr=\"0\" xmlns=\"urn:xmpp:iot:sensordata\"/></item></publish></pubsub></iq>",
            Written(iq));
    }

    [TestMethod]
    public void Write_SpecialCharacters_EscapedSoTheParsedElementIsTheSame()
    {
        var message = new XElement(Client + "message", new XAttribute("to", "a&b<c>\"d'e\tf\ng\rh@example.com"),
            new XElement(Client + "body", "x < y & z > w \"quoted\" 'single' line\nbreak\r\nGrüße 温度 🌡 ]]>"),
            new XElement(Client + "thread", "t1"));
        var withCData = new XElement(Client + "message", new XElement(Client + "subject", new XCData("cdata <kept> & escaped")));

        var parsed = ParseInStream(Written(message));
        var parsedCData = ParseInStream(Written(withCData));

        Assert.IsTrue(XNode.DeepEquals(message, parsed), $"Round trip changed the element: {parsed}");
        Assert.AreEqual("cdata <kept> & escaped", parsedCData.Element(Client + "subject")!.Value, "CDATA is written as escaped text");
    }

    [TestMethod]
    public void Write_NoNamespaceElements_InheritAtTheTopAndUndeclareBelowANamespacedParent()
    {
        var presence = new XElement("presence", new XElement("status", "here"),
            new XElement(XName.Get("x", "urn:example"), new XElement("plain")));

        var xml = Written(presence);

        Assert.AreEqual("<presence><status>here</status><x xmlns=\"urn:example\"><plain xmlns=\"\"/></x></presence>", xml);
        var parsed = ParseInStream(xml);
        Assert.AreEqual(Client + "presence", parsed.Name, "A stanza built without a namespace is sent in the stream's, as before.");
        Assert.AreEqual(XName.Get("plain"), parsed.Element(XName.Get("x", "urn:example"))!.Elements().Single().Name);
    }

    [TestMethod]
    public void Write_PrefixedAndXmlAttributes_DeclaredPrefixesReusedUndeclaredOnesGetOne()
    {
        XNamespace other = "urn:example:attrs";
        XNamespace third = "urn:example:third";
        var element = new XElement(Client + "message", new XAttribute(XNamespace.Xmlns + "o", other.NamespaceName),
            new XAttribute(XNamespace.Xml + "lang", "de"), new XAttribute(other + "a", "1"),
            new XElement(Client + "body", new XAttribute(third + "b", "2"), new XAttribute(third + "c", "3"), "text"),
            new XElement(other + "note", "n"));

        var xml = Written(element);
        var parsed = ParseInStream(xml);

        StringAssert.Contains(xml, "xml:lang=\"de\"");
        StringAssert.Contains(xml, "<o:note>", "an element in a namespace with a declared prefix is written with it");
        StringAssert.Contains(xml, "o:a=\"1\"");
        Assert.AreEqual("de", (string?)parsed.Attribute(XNamespace.Xml + "lang"));
        Assert.AreEqual("1", (string?)parsed.Attribute(other + "a"));
        Assert.AreEqual("2", (string?)parsed.Element(Client + "body")!.Attribute(third + "b"));
        Assert.AreEqual("3", (string?)parsed.Element(Client + "body")!.Attribute(third + "c"));
        Assert.AreEqual("text", parsed.Element(Client + "body")!.Value);
        Assert.AreEqual("n", parsed.Element(other + "note")!.Value);
    }

    [TestMethod]
    public void Write_EmptyAndTextOnlyElements_SelfClosedOrWithTheirText()
    {
        var element = new XElement(Client + "iq", new XElement(Client + "empty"), new XElement(Client + "blank", string.Empty),
            new XElement(Client + "text", "42"));

        Assert.AreEqual("<iq><empty/><blank></blank><text>42</text></iq>", Written(element));
    }

    [TestMethod]
    public void Write_ControlCharacterXmlForbids_ThrowsArgumentExceptionNamingIt()
    {
        var message = new XElement(Client + "message", new XElement(Client + "body", "bell \u0007"));

        var error = Assert.ThrowsExactly<ArgumentException>(() => Written(message));

        StringAssert.Contains(error.Message, "U+0007");
    }

    [TestMethod]
    public void Write_ComponentStream_JabberClientStanzaDeclaresItsNamespace()
    {
        var message = new XElement(Client + "message", new XAttribute("to", "a@b"));

        Assert.AreEqual("<message to=\"a@b\" xmlns=\"jabber:client\"/>", Written(message, "jabber:component:accept"));
    }

    private static string Written(XElement element, string streamNamespace = "jabber:client")
    {
        var output = new ArrayBufferWriter<byte>(16); // small: the writer must ask for more room as it goes
        StanzaWriter.Write(element, output, streamNamespace);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>Parses a written stanza the way the receiving side does: framed inside a jabber:client stream.</summary>
    private static XElement ParseInStream(string stanza)
    {
        var driver = new FramerDriver();
        driver.Feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" + stanza);
        return driver.Frames.Single(f => f.Kind == FrameKind.Element).Element!;
    }
}
