using System.Buffers;
using System.Text;
using System.Xml.Linq;
using Edge.Xmpp.Internal;
using Edge.Xmpp.PubSub;
using Edge.Xmpp.Tests.Internal;

namespace Edge.Xmpp.Tests;

/// <summary>
/// The direct path for outgoing stanzas (<see cref="XmlStanzaWriter"/>, <see cref="OutgoingIq"/>, the pubsub publish
/// that writes itself): the same bytes as the tree path (<see cref="StanzaWriter"/>) for the same stanza, hostile text
/// escaped alike, and misuse refused.
/// </summary>
[TestClass]
public sealed class XmlStanzaWriterTests
{
    private const string Hostile = "a&b<c>\"d'e\tf\ng\rh ]]> Grüße 温度 🌡";
    private static readonly XNamespace Example = "urn:example:payload";

    [TestMethod]
    public void CreatePublish_PayloadThatWritesItself_SameBytesAsTheTree()
    {
        var client = NewClient();
        var pubsub = new PubSubClient(client);
        var service = Jid.Parse("pubsub.example.com");
        var options = new Dictionary<string, string> { ["pubsub#max_items"] = "10", ["pubsub#access_model"] = Hostile };
        foreach (var publishOptions in new[] { null, options })
        {
            var tree = pubsub.CreatePublish(service, "edge/a&b", Hostile, TreePayload(), publishOptions);
            var direct = pubsub.CreatePublish(service, "edge/a&b", Hostile, new TestPayload(), publishOptions);
            var expected = Written(tree).Replace($"id=\"{(string?)tree.Attribute("id")}\"", $"id=\"{direct.Id}\"", StringComparison.Ordinal);

            Assert.AreEqual(expected, Written(direct), "with publish-options: " + (publishOptions is not null));
        }
    }

    [TestMethod]
    public void CreatePublish_SameOptionsTwice_TheFormIsBuiltOnceAndWrittenAlike()
    {
        var pubsub = new PubSubClient(NewClient());
        var options = new Dictionary<string, string> { ["pubsub#persist_items"] = "true" };

        var first = Written(pubsub.CreatePublish(null, "n", "1", new TestPayload(), options));
        var second = Written(pubsub.CreatePublish(null, "n", "1", new TestPayload(), options));

        Assert.AreEqual(first[first.IndexOf("<pubsub", StringComparison.Ordinal)..], second[second.IndexOf("<pubsub", StringComparison.Ordinal)..]);
        StringAssert.Contains(first, "<publish-options><x type=\"submit\" xmlns=\"jabber:x:data\">");
    }

    [TestMethod]
    public void OutgoingIq_ToElement_TheTreeOfTheSameStanza()
    {
        var client = NewClient();
        var direct = new OutgoingIq("set", "e7", Jid.Parse("pubsub.example.com"), new TestPayload());
        var tree = client.CreateIq("set", Jid.Parse("pubsub.example.com"), TreePayload());
        tree.SetAttributeValue("id", "e7");

        var element = direct.ToElement();

        Assert.AreEqual(Written(tree), Written(direct));
        Assert.AreEqual(Written(tree), Written(element), "the element form writes the same bytes (EXI and trace logs see the same stanza)");
        Assert.AreEqual(Hostile, (string?)element.Element(Example + "reading")!.Attribute("name"));
    }

    [TestMethod]
    public void OutgoingMessage_SameBytesAndTreeAsTheMessageElement()
    {
        // A full JID whose resource needs escaping in an attribute, as a readout's requester may have.
        var to = Jid.Parse("backend@example.com/desk \"1\" <a>&'b'");
        var direct = new OutgoingMessage(to, new TestPayload());
        var tree = new XElement(XmppNamespaces.Client + "message", new XAttribute("to", to.ToString()), TreePayload());

        var element = direct.ToElement();

        Assert.AreEqual(Written(tree), Written(direct));
        Assert.AreEqual(Written(tree), Written(element), "the element form writes the same bytes (EXI and trace logs see the same stanza)");
        Assert.AreEqual(to.ToString(), (string?)element.Attribute("to"));
        Assert.IsTrue(direct.IsStanza);
        Assert.AreEqual("message", direct.LocalName);
    }

    [TestMethod]
    public void Writer_HostileTextAndNonAscii_EscapedAsTheTreePathAndParsedBack()
    {
        var payload = TreePayload();
        var output = new ArrayBufferWriter<byte>(8); // small: the writer must ask for more room as it goes
        var writer = new XmlStanzaWriter(output);
        new TestPayload().WriteTo(writer);
        var written = Encoding.UTF8.GetString(output.WrittenSpan);

        var treeOutput = new ArrayBufferWriter<byte>(8);
        StanzaWriter.Write(payload, treeOutput);
        Assert.AreEqual(Encoding.UTF8.GetString(treeOutput.WrittenSpan), written);
        var driver = new FramerDriver();
        driver.Feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" + written);
        var parsed = driver.Frames.Single(f => f.Kind == FrameKind.Element).Element!;
        Assert.AreEqual(Hostile, (string?)parsed.Attribute("name"));
        Assert.AreEqual("°C", (string?)parsed.Element(XName.Get("plain", "urn:other"))!.Attribute("unit"));
        Assert.AreEqual(Hostile, parsed.Element(Example + "text")!.Value, "text is kept, its CR too (written as a character reference)");
    }

    [TestMethod]
    public void Writer_ForbiddenControlCharacter_RefusedAsTheTreePathRefusesIt()
    {
        var writer = new XmlStanzaWriter(new ArrayBufferWriter<byte>());
        writer.StartElement("x", "urn:x");

        Assert.ThrowsExactly<ArgumentException>(() => writer.Attribute("a", "bell\u0007"));
        Assert.ThrowsExactly<ArgumentException>(() => writer.Text("nul\u0000"));
    }

    [TestMethod]
    public void Writer_AttributeAfterContentOrUnbalanced_Refused()
    {
        var writer = new XmlStanzaWriter(new ArrayBufferWriter<byte>());
        writer.StartElement("x", "urn:x");
        writer.Text("t");

        Assert.ThrowsExactly<InvalidOperationException>(() => writer.Attribute("late", "1"));
        writer.StartElement("y", "urn:x");
        writer.EndElement();
        Assert.ThrowsExactly<InvalidOperationException>(writer.EnsureComplete);
        writer.EndElement();
        writer.EnsureComplete();
        Assert.ThrowsExactly<InvalidOperationException>(writer.EndElement);
    }

    [TestMethod]
    public void Writer_FormattedAttributes_InvariantAndAsTheTreeFormatsThem()
    {
        var output = new ArrayBufferWriter<byte>(4);
        var writer = new XmlStanzaWriter(output);
        writer.StartElement("x", "jabber:client");
        writer.Attribute("d", 1234.5678, "F2");
        writer.Attribute("n", -42, default);
        writer.Attribute("t", new DateTime(2026, 12, 6, 14, 5, 7, 120, DateTimeKind.Utc), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'");
        writer.EndElement();

        Assert.AreEqual("<x d=\"1234.57\" n=\"-42\" t=\"2026-12-06T14:05:07.12Z\"/>", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static XmppClient NewClient() => new(new XmppClientOptions { Jid = "agent@example.com", Password = "secret", Host = "127.0.0.1" });

    private static XElement TreePayload() =>
        new(Example + "reading", new XAttribute("name", Hostile), new XAttribute("n", "3"),
            new XElement(Example + "text", Hostile),
            new XElement(Example + "empty"),
            new XElement(XName.Get("plain", "urn:other"), new XAttribute("unit", "°C")));

    /// <summary>The same element as <see cref="TreePayload"/>, written by hand.</summary>
    private sealed class TestPayload : IXmlContent
    {
        public XName Name => Example + "reading";

        public void WriteTo(XmlStanzaWriter writer)
        {
            writer.StartElement("reading", Example.NamespaceName);
            writer.Attribute("name", Hostile);
            writer.Attribute("n", 3, default);
            writer.StartElement("text", Example.NamespaceName);
            writer.Text(Hostile);
            writer.EndElement();
            writer.StartElement("empty", Example.NamespaceName);
            writer.EndElement();
            writer.StartElement("plain", "urn:other");
            writer.Attribute("unit", "°C");
            writer.EndElement();
            writer.EndElement();
        }
    }

    private static string Written(XElement element)
    {
        var output = new ArrayBufferWriter<byte>(16);
        StanzaWriter.Write(element, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string Written(OutgoingStanza stanza)
    {
        var output = new ArrayBufferWriter<byte>(16);
        new XmlStreamCodec(64 * 1024).Write(stanza, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
