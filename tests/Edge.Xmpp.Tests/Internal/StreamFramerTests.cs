using System.Text;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

[TestClass]
public sealed class StreamFramerTests
{
    private const string Header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
        + "xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='example.com' version='1.0' xml:lang='en'>";

    private const string Features = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
        + "<mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>";

    private const string Message = "<message from='a@example.com/x' to='b@example.com' id='m1' type='chat'><body>Grüße, 温度 23 °C 🌡</body></message>";

    private const string Iq = "<iq type='get' id='i1'><ping xmlns='urn:xmpp:ping'/></iq>";

    private static readonly XNamespace Streams = "http://etherx.jabber.org/streams";
    private static readonly XNamespace Client = "jabber:client";

    private static readonly string Session = Header + Features + Message + "<presence/>" + Iq + "</stream:stream>";

    [TestMethod]
    public void TryReadFrame_WholeStreamInOneChunk_FramesHeaderEachStanzaAndEnd()
    {
        var driver = new FramerDriver();

        driver.Feed(Session);

        CollectionAssert.AreEqual(
            new[] { FrameKind.StreamHeader, FrameKind.Element, FrameKind.Element, FrameKind.Element, FrameKind.Element, FrameKind.StreamEnd },
            driver.Frames.Select(f => f.Kind).ToArray());
        Assert.AreEqual(Streams + "stream", driver.Frames[0].Element!.Name);
        Assert.AreEqual("s1", (string?)driver.Frames[0].Element!.Attribute("id"));
        Assert.IsFalse(driver.Frames[0].Element!.HasElements, "The header is framed alone, without children.");
        Assert.AreEqual(Streams + "features", driver.Frames[1].Element!.Name);
        Assert.AreEqual(Client + "message", driver.Frames[2].Element!.Name);
        Assert.AreEqual(Client + "presence", driver.Frames[3].Element!.Name);
        Assert.AreEqual(Client + "iq", driver.Frames[4].Element!.Name);
        Assert.IsNull(driver.Frames[5].Element);
        Assert.AreEqual(0, driver.Buffered, "Nothing is left over after the stream end.");
    }

    [TestMethod]
    public void TryReadFrame_ByteByByte_SameFramesAsOneChunk()
    {
        var whole = new FramerDriver();
        whole.Feed(Session);
        var bytewise = new FramerDriver();

        bytewise.FeedByteByByte(Session);

        AssertSameFrames(whole, bytewise);
    }

    [TestMethod]
    public void TryReadFrame_SplitAtEveryOffset_SameFramesAsOneChunk()
    {
        var whole = new FramerDriver();
        whole.Feed(Session);
        var bytes = Encoding.UTF8.GetBytes(Session);

        for (var split = 1; split < bytes.Length; split++)
        {
            var driver = new FramerDriver();
            driver.Feed(bytes[..split]);
            driver.Feed(bytes[split..]);

            AssertSameFrames(whole, driver, $"split at byte {split}");
        }
    }

    [TestMethod]
    public void TryReadFrame_MultiByteUtf8SplitInsideCharacters_DecodesText()
    {
        var driver = new FramerDriver();

        driver.FeedByteByByte(Header + Message);

        Assert.AreEqual("Grüße, 温度 23 °C 🌡", driver.Frames[1].Element!.Element(Client + "body")!.Value);
    }

    [TestMethod]
    public void TryReadFrame_AttributeValuesContainingGreaterThanAndSlash_NotTakenAsTagEnd()
    {
        var driver = new FramerDriver();

        driver.FeedByteByByte(Header + "<message id='a>b' to=\"x@example.com/y/\" type='normal'><body>1 &gt; 0</body></message><presence id='p/'>"
            + "<status>up</status></presence>");

        Assert.AreEqual(3, driver.Frames.Count);
        var message = driver.Frames[1].Element!;
        Assert.AreEqual("a>b", (string?)message.Attribute("id"));
        Assert.AreEqual("x@example.com/y/", (string?)message.Attribute("to"));
        Assert.AreEqual("1 > 0", message.Element(Client + "body")!.Value);
        Assert.AreEqual("up", driver.Frames[2].Element!.Element(Client + "status")!.Value);
    }

    [TestMethod]
    public void TryReadFrame_WhitespaceKeepalivesBetweenStanzas_IgnoredAndNotBuffered()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        driver.Feed(" ");
        driver.Feed("\n\r\n\t  ");
        Assert.AreEqual(0, driver.Buffered, "Whitespace between stanzas need not be kept.");
        driver.Feed(Iq + "  \n  " + Iq + " ");

        Assert.AreEqual(3, driver.Frames.Count);
        Assert.IsTrue(driver.Frames.Skip(1).All(f => f.Kind == FrameKind.Element && f.Element!.Name == Client + "iq"));
    }

    [TestMethod]
    public void TryReadFrame_SelfClosingStanzasAndNonzas_EachAFrame()
    {
        var driver = new FramerDriver();

        driver.FeedByteByByte(Header + "<presence/><r xmlns='urn:xmpp:sm:3'/><a xmlns='urn:xmpp:sm:3' h='3'/><presence type='unavailable' />");

        Assert.AreEqual(5, driver.Frames.Count);
        Assert.AreEqual(Client + "presence", driver.Frames[1].Element!.Name);
        Assert.AreEqual(XName.Get("r", "urn:xmpp:sm:3"), driver.Frames[2].Element!.Name);
        Assert.AreEqual("3", (string?)driver.Frames[3].Element!.Attribute("h"));
        Assert.AreEqual("unavailable", (string?)driver.Frames[4].Element!.Attribute("type"));
    }

    [TestMethod]
    public void TryReadFrame_CDataWithMarkupCharacters_KeptAsTextNotTags()
    {
        var driver = new FramerDriver();

        driver.FeedByteByByte(Header + "<message><body><![CDATA[if (a < b && c > d) { s = \"</message>\"; } ]]]]></body></message>" + Iq);

        Assert.AreEqual(3, driver.Frames.Count);
        Assert.AreEqual("if (a < b && c > d) { s = \"</message>\"; } ]]", driver.Frames[1].Element!.Element(Client + "body")!.Value);
        Assert.AreEqual(Client + "iq", driver.Frames[2].Element!.Name);
    }

    [TestMethod]
    public void TryReadFrame_StanzasAndFeatures_GetNamespacesFromHeader()
    {
        var driver = new FramerDriver();

        driver.Feed(Header + Features + "<message><body>x</body></message>");

        Assert.AreEqual("jabber:client", driver.Framer.DefaultNamespace);
        var features = driver.Frames[1].Element!;
        Assert.AreEqual(Streams + "features", features.Name);
        Assert.AreEqual(XName.Get("mechanisms", "urn:ietf:params:xml:ns:xmpp-sasl"), features.Elements().Single().Name);
        Assert.AreEqual(Client + "body", driver.Frames[2].Element!.Elements().Single().Name);
    }

    [TestMethod]
    public void TryReadFrame_HeaderWithOtherPrefixAndDefaultNamespace_ContextFollowsHeader()
    {
        var driver = new FramerDriver();

        driver.Feed("<s:stream xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:server' version='1.0'><s:features/><message/></s:stream>");

        Assert.AreEqual("jabber:server", driver.Framer.DefaultNamespace);
        Assert.AreEqual(Streams + "features", driver.Frames[1].Element!.Name);
        Assert.AreEqual(XName.Get("message", "jabber:server"), driver.Frames[2].Element!.Name);
        Assert.AreEqual(FrameKind.StreamEnd, driver.Frames[3].Kind);
    }

    [TestMethod]
    public void TryReadFrame_HeaderWithoutXmlDeclaration_Accepted()
    {
        var driver = new FramerDriver();

        driver.Feed(Header["<?xml version='1.0'?>".Length..]);

        Assert.AreEqual(FrameKind.StreamHeader, driver.Frames.Single().Kind);
    }

    [TestMethod]
    public void Reset_AfterStreamRestart_AcceptsNewDeclarationAndHeader()
    {
        var driver = new FramerDriver();
        driver.Feed(Header + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");

        driver.Framer.Reset();
        driver.Feed(Header.Replace("s1", "s2", StringComparison.Ordinal) + Features);

        Assert.AreEqual(4, driver.Frames.Count);
        Assert.AreEqual(FrameKind.StreamHeader, driver.Frames[2].Kind);
        Assert.AreEqual("s2", (string?)driver.Frames[2].Element!.Attribute("id"));
        Assert.AreEqual(Streams + "features", driver.Frames[3].Element!.Name);
    }

    [TestMethod]
    public void TryReadFrame_BillionLaughsDoctypeBeforeHeader_RestrictedXmlAtTheDoctype()
    {
        const string Lolz = "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
            + " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
            + " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
            + "]>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message>&lol3;</message>";
        var driver = new FramerDriver();

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.FeedByteByByte(Lolz));

        Assert.AreEqual("restricted-xml", e.StreamErrorCondition);
        Assert.AreEqual(Lolz.IndexOf("<!DOCTYPE", StringComparison.Ordinal) + "<!D".Length, driver.Fed,
            "Refused at the third byte of '<!DOCTYPE', before any declaration was read.");
        Assert.AreEqual(0, driver.Frames.Count);
    }

    [TestMethod]
    public void TryReadFrame_DoctypeAfterHeader_RestrictedXml()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed("<!DOCTYPE x [<!ENTITY a 'aaaaaaaa'>]><message>&a;</message>"));

        Assert.AreEqual("restricted-xml", e.StreamErrorCondition);
        Assert.AreEqual(1, driver.Frames.Count);
    }

    [TestMethod]
    public void TryReadFrame_EntityDeclarationInsideStanza_RestrictedXml()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed("<message><!ENTITY a 'b'><body>&a;</body></message>"));

        Assert.AreEqual("restricted-xml", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_UndeclaredEntityReference_RestrictedXmlNeverExpanded()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed("<message><body>&lol9;</body></message>"));

        Assert.AreEqual("restricted-xml", e.StreamErrorCondition); // an entity other than the five predefined (RFC 6120 §11.1, §4.9.3.18)
        StringAssert.Contains(e.Message, "&lol9;");
    }

    [TestMethod]
    [DataRow("<!-- keepalive -->")]
    [DataRow("<message><!-- hidden --><body>x</body></message>")]
    public void TryReadFrame_Comment_RestrictedXml(string input)
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.FeedByteByByte(input));

        Assert.AreEqual("restricted-xml", e.StreamErrorCondition);
    }

    [TestMethod]
    [DataRow("<?php echo 1; ?>")]
    [DataRow("<?xml version='1.0'?>")]
    [DataRow("<message><?pi data?><body>x</body></message>")]
    public void TryReadFrame_ProcessingInstructionInsideStream_RestrictedXml(string input)
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed(input));

        Assert.AreEqual("restricted-xml", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_ProcessingInstructionOtherThanDeclarationBeforeHeader_RestrictedXml()
    {
        var driver = new FramerDriver();

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed("<?xml-stylesheet href='evil.xsl'?>" + Header));

        Assert.AreEqual("restricted-xml", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_HugeStanzaFedInChunks_PolicyViolationBeforeItIsAllFed()
    {
        const int Limit = 4096;
        const int Chunk = 512;
        var driver = new FramerDriver(Limit);
        driver.Feed(Header);
        var huge = Encoding.UTF8.GetBytes("<message><body>" + new string('a', 1024 * 1024) + "</body></message>");

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.FeedInChunks(huge, Chunk));

        Assert.AreEqual("policy-violation", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "4096");
        Assert.IsTrue(driver.Fed - Encoding.UTF8.GetByteCount(Header) <= Limit + Chunk,
            $"Refused after {driver.Fed} bytes; the stanza was {huge.Length}.");
        Assert.IsTrue(driver.MaxBuffered <= Limit, $"The caller was asked to keep {driver.MaxBuffered} bytes.");
    }

    [TestMethod]
    public void TryReadFrame_StanzaOfExactlyTheLimit_Accepted()
    {
        const int Limit = 2048;
        var driver = new FramerDriver(Limit);
        driver.Feed(Header);

        driver.Feed(StanzaOfLength(Limit));

        Assert.AreEqual(2, driver.Frames.Count);
    }

    [TestMethod]
    public void TryReadFrame_StanzaOneByteOverTheLimit_PolicyViolation()
    {
        const int Limit = 2048;
        var driver = new FramerDriver(Limit);
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed(StanzaOfLength(Limit + 1)));

        Assert.AreEqual("policy-violation", e.StreamErrorCondition);
    }

    [TestMethod]
    [DataRow("<message></iq>")]
    [DataRow("<message><body>x</message></body>")]
    public void TryReadFrame_MismatchedTags_NotWellFormed(string input)
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed(input));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_StrayEndTagBetweenStanzas_NotWellFormedNotStreamEnd()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed("</message>"));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
        Assert.IsFalse(driver.Frames.Any(f => f.Kind == FrameKind.StreamEnd));
    }

    [TestMethod]
    public void TryReadFrame_EndTagBeforeHeader_NotWellFormed()
    {
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => new FramerDriver().Feed("</stream:stream>"));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_ControlCharacterInText_NotWellFormed()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed("<message><body>bell\u0007</body></message>"));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_InvalidUtf8_NotWellFormed()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);
        byte[] bad = [.. Encoding.UTF8.GetBytes("<message><body>"), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("</body></message>")];

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed(bad));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_LessThanInsideAttributeValue_NotWellFormed()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed("<message id='a<b'/>"));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_TextBetweenStanzas_NotWellFormed()
    {
        var driver = new FramerDriver();
        driver.Feed(Header + "<presence/>");

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed(" hello <presence/>"));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "between stanzas");
    }

    [TestMethod]
    public void TryReadFrame_TextBeforeHeader_NotWellFormed()
    {
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => new FramerDriver().Feed("HTTP/1.1 400 Bad Request\r\n"));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_SelfClosingStreamHeader_NotWellFormed()
    {
        var e = Assert.ThrowsExactly<XmppProtocolException>(
            () => new FramerDriver().Feed("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>"));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_HeaderNotAStream_InvalidNamespace()
    {
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => new FramerDriver().Feed("<html xmlns='http://www.w3.org/1999/xhtml'>"));

        Assert.AreEqual("invalid-namespace", e.StreamErrorCondition);
    }

    private static string StanzaOfLength(int length)
    {
        const string Open = "<message><body>";
        const string Close = "</body></message>";
        var stanza = Open + new string('a', length - Open.Length - Close.Length) + Close;
        Assert.AreEqual(length, Encoding.UTF8.GetByteCount(stanza));
        return stanza;
    }

    private static void AssertSameFrames(FramerDriver expected, FramerDriver actual, string? context = null)
    {
        Assert.AreEqual(expected.Frames.Count, actual.Frames.Count, context);
        for (var i = 0; i < expected.Frames.Count; i++)
        {
            Assert.AreEqual(expected.Frames[i].Kind, actual.Frames[i].Kind, context);
            Assert.AreEqual(expected.Frames[i].Element?.ToString(), actual.Frames[i].Element?.ToString(), context);
        }
    }
}
