using System.Text;
using System.Xml;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

/// <summary>
/// The framer's reader-free path for plain stanzas (<see cref="LightElementParser"/>) against the reader it stands in
/// for: the same tree for every stanza of the subset (names, namespaces, declarations as attributes, attribute order,
/// text, empty vs. empty-content elements), and false for everything outside it, so that the reader parses those
/// (and words their errors) as before.
/// </summary>
[TestClass]
public sealed class LightElementParserTests
{
    private static readonly string[] Plain =
    [
        "<iq type='result' id='e1234' from='pubsub.localhost' to='agent@localhost/edge'/>",
        "<iq type=\"result\" id=\"e1\" from=\"pubsub.localhost\"><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='edge/agent/grid'><item id='20261123T090005.123Z'/></publish></pubsub></iq>",
        "<iq type='error' id='e9' from='pubsub.localhost'><error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>slow &amp; down &lt;now&gt; &quot;x&quot; &apos;y&apos;</text></error></iq>",
        "<message from='a@b/c' id='m1'><body>Grüße 温度 🌡 &#x1F321; &#233; &#xA;tab\there\nline</body><thread></thread><empty/></message>",
        "<presence from='a@b/c'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='abc=='/>\n  <status>  spaced  </status>\n</presence>",
        "<message><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='x'><item id='1'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='0'><node nodeId='n'><timestamp value='2026-01-01T00:00:00Z'><numeric name='a&amp;b' value='1.5' unit='°C' momentary='true'/></timestamp></node></fields></item></items></event></message>",
        "<a  b = 'x>y'\tc=\"'\"\n/>",
        "<r xmlns=''><inner attr='&#x9;&#xD;&#xA;'>x]]&gt;y</inner></r>",
        "<mixed>text<b>bold</b>more<i/>end</mixed>",
        "<a_b-c.d e.f='1'/>",
    ];

    private static readonly string[] Outside =
    [
        "<message xml:lang='en'><body>x</body></message>",
        "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
        "<message><body><![CDATA[x]]></body></message>",
        "<message><body>line\r\nbreak</body></message>",
        "<message to='a\tb'/>",
        "<message><body>a ]]> b</body></message>",
        "<message><body>&nbsp;</body></message>",
        "<message><body>&#0;</body></message>",
        "<message><body>&#xFFFE;</body></message>",
        "<message a='1' a='2'/>",
        "<message a='1'b='2'/>",
        "<mässage/>",
        "<x:message xmlns:x='jabber:client'/>",
        "<message><body>x & y</body></message>",
        "<xmlfoo/>",
        "<a xmlns='http://www.w3.org/2000/xmlns/'/>",
        "<a><b xmlns='http://www.w3.org/XML/1998/namespace'/></a>",
        "<a>&#x;</a>",
        "<a>&;</a>",
        "<a b='&#xFFFFFFF;'/>",
        "<a>x</a><b/>",
    ];

    [TestMethod]
    public void TryParse_PlainStanzas_TheTreeTheReaderBuilds()
    {
        var parser = new LightElementParser();
        foreach (var stanza in Plain)
        {
            var expected = ReadWithReader(stanza);

            Assert.IsTrue(parser.TryParse(Encoding.UTF8.GetBytes(stanza), "jabber:client", new NameTable(), out var element), stanza);
            Assert.AreEqual(expected.ToString(SaveOptions.DisableFormatting), element.ToString(SaveOptions.DisableFormatting), stanza);
            Assert.IsTrue(XNode.DeepEquals(expected, element), stanza);
            CollectionAssert.AreEqual(expected.DescendantsAndSelf().Select(e => e.IsEmpty).ToArray(),
                element.DescendantsAndSelf().Select(e => e.IsEmpty).ToArray(), "empty elements vs. empty content: " + stanza);
            CollectionAssert.AreEqual(expected.DescendantsAndSelf().Select(e => e.Nodes().Count()).ToArray(),
                element.DescendantsAndSelf().Select(e => e.Nodes().Count()).ToArray(), "text nodes: " + stanza);
        }
    }

    [TestMethod]
    public void TryParse_OutsideTheSubset_LeftToTheReader()
    {
        var parser = new LightElementParser();
        foreach (var stanza in Outside)
        {
            Assert.IsFalse(parser.TryParse(Encoding.UTF8.GetBytes(stanza), "jabber:client", new NameTable(), out _), stanza);
        }

        Assert.IsFalse(parser.TryParse([(byte)'<', (byte)'a', 0xC3, 0x28, (byte)'/', (byte)'>'], "jabber:client", new NameTable(), out _),
            "invalid UTF-8 in a name");
        Assert.IsFalse(parser.TryParse("<a b='"u8.ToArray().Concat(new byte[] { 0xFF }).Concat("'/>"u8.ToArray()).ToArray(), "jabber:client",
            new NameTable(), out _), "invalid UTF-8 in a value");
    }

    [TestMethod]
    public void Framer_PlainAndOutsideStanzas_SameFramesAsBefore()
    {
        var driver = new FramerDriver(64 * 1024);
        driver.Feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"
            + string.Concat(Plain) + string.Concat(Outside.Take(2)));

        var frames = driver.Frames.Where(f => f.Kind == FrameKind.Element).Select(f => f.Element!).ToArray();

        Assert.AreEqual(Plain.Length + 2, frames.Length);
        for (var i = 0; i < Plain.Length; i++)
        {
            Assert.AreEqual(ReadWithReader(Plain[i]).ToString(SaveOptions.DisableFormatting), frames[i].ToString(SaveOptions.DisableFormatting));
        }

        Assert.AreEqual("en", (string?)frames[Plain.Length].Attribute(XNamespace.Xml + "lang"), "a prefixed attribute: the reader's path");
        Assert.AreEqual(XmppNamespaces.Streams + "error", frames[Plain.Length + 1].Name);
    }

    /// <summary>What the framer built before: an XmlTextReader over the stanza in a jabber:client stream's context.</summary>
    private static XElement ReadWithReader(string stanza)
    {
        var context = new StanzaParserContext([(string.Empty, "jabber:client"), ("stream", "http://etherx.jabber.org/streams")]);
        using var reader = new XmlTextReader(stanza, XmlNodeType.Element, context.For(stanza.Length))
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            Normalization = true,
            WhitespaceHandling = WhitespaceHandling.All,
        };
        return XElement.Load(reader, LoadOptions.None);
    }
}
