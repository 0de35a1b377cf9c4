using System.Text;
using System.Xml;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

/// <summary>
/// Edge's parser (<see cref="XmlScanner"/> + <see cref="XmlTreeBuilder"/>) against the <see cref="XmlTextReader"/> it
/// replaced: the same tree for every well-formed stanza (names, prefixes and namespaces declared on the stanza, its
/// ancestors or the stream header, declarations as attributes, attribute order and normalisation, text, CDATA,
/// references, line ends, empty vs. empty-content elements), and a refusal — which the reader also gives — naming what
/// and where for every malformed one.
/// </summary>
[TestClass]
public sealed class XmlTreeBuilderTests
{
    private static readonly (string Prefix, string Uri)[] StreamScope =
        [(string.Empty, "jabber:client"), ("stream", "http://etherx.jabber.org/streams")];

    private static readonly string[] WellFormed =
    [
        "<iq type='result' id='e1234' from='pubsub.localhost' to='agent@localhost/edge'/>",
        "<iq type=\"result\" id=\"e1\" from=\"pubsub.localhost\"><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='edge/agent/grid'><item id='20261123T090005.123Z'/></publish></pubsub></iq>",
        "<iq type='error' id='e9'><error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>slow &amp; down &lt;now&gt; &quot;x&quot; &apos;y&apos;</text></error></iq>",
        "<message from='a@b/c' id='m1'><body>Grüße 温度 🌡 &#x1F321; &#233; &#xA;tab\there\nline</body><thread></thread><empty/></message>",
        "<presence from='a@b/c'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='abc=='/>\n  <status>  spaced  </status>\n</presence>",
        "<a  b = 'x>y'\tc=\"'\"\n/>",
        "<r xmlns=''><inner attr='&#x9;&#xD;&#xA;'>x]]&gt;y</inner></r>",
        "<mixed>text<b>bold</b>more<i/>end</mixed>",
        "<a_b-c.d e.f='1' xmlfoo='2'/>",
        // Prefixes: the stream's own, declared on the stanza, on an ancestor, redeclared, the reserved xml prefix.
        "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>bye</text></stream:error>",
        "<message xml:lang='en' xmlns:x='urn:x'><x:data x:id='1' id='2'><x:inner><deep xmlns:x='urn:y'><x:y/></deep></x:inner></x:data></message>",
        "<x:message xmlns:x='jabber:client' xmlns:y='urn:y' y:a='1'><x:body>b</x:body></x:message>",
        "<a xmlns:p='urn:p' xmlns:q='urn:q'><b xmlns='urn:d'><c p:at='1' q:at='2' at='3'/></b><p:e xmlns=''/></a>",
        "<a xmlns:xml='http://www.w3.org/XML/1998/namespace' xml:space='preserve'/>",
        // CDATA, mixed with text; references; line ends and attribute-value normalisation (XML 1.0 §2.11, §3.3.3).
        "<message><body><![CDATA[<not> & markup ]] >]]></body></message>",
        "<message><body>before<![CDATA[in]]>after<![CDATA[]]></body></message>",
        "<message><body>line\r\nbreak\rlone\n\rboth</body></message>",
        "<message to='a\tb' from='c\r\nd' id='e\nf\rg'/>",
        "<a b='&#60;&#x3E;&amp;&#x10FFFF;'>&#x10000;&#xD7FF;&#xE000;&#xFFFD;</a>",
        // Names beyond ASCII (XML 1.0 [4], [4a]).
        "<mässage xmlns='urn:ü' ö·x='1'><温度 値-1='2'/></mässage>",
        "<a>\u0085\u2028 non-ASCII spaces are text</a>",
    ];

    public static IEnumerable<object[]> Malformed =>
    [
        ["<message><body>x</message>", "not-well-formed", "does not match the start tag <body>"],
        ["<message a='1' a='2'/>", "not-well-formed", "'a' appears twice"],
        ["<message xmlns:p='urn:x' xmlns:q='urn:x' p:a='1' q:a='2'/>", "not-well-formed", "are the same name {urn:x}a"],
        ["<message a='1'b='2'/>", "not-well-formed", "whitespace, an attribute, '>' or '/>' expected"],
        ["<message a=1/>", "not-well-formed", "must be quoted"],
        ["<message a='x<y'/>", "not-well-formed", "'<' in an attribute value"],
        ["<message a='open/>", "not-well-formed", "not closed by its quote"],
        ["<p:message/>", "not-well-formed", "prefix 'p' is not declared"],
        ["<message p:a='1'/>", "not-well-formed", "prefix 'p' is not declared"],
        ["<a:b:c xmlns:a='urn:a'/>", "not-well-formed", "is not a qualified name"],
        ["<:a/>", "not-well-formed", "is not a qualified name"],
        ["<a xmlns:p=''/>", "not-well-formed", "cannot be undeclared"],
        ["<a xmlns:xmlns='urn:x'/>", "not-well-formed", "'xmlns' must not be declared"],
        ["<a xmlns:xml='urn:x'/>", "not-well-formed", "bound to http://www.w3.org/XML/1998/namespace only"],
        ["<a xmlns:p='http://www.w3.org/XML/1998/namespace'/>", "not-well-formed", "is bound to the prefix 'xml' only"],
        ["<a xmlns='http://www.w3.org/XML/1998/namespace'/>", "not-well-formed", "is bound to the prefix 'xml' only"],
        ["<a xmlns='http://www.w3.org/2000/xmlns/'/>", "not-well-formed", "must not be declared"],
        ["<message><body>a ]]> b</body></message>", "not-well-formed", "']]>' in text"],
        ["<message><body>x & y</body></message>", "not-well-formed", "'&' that starts no reference"],
        ["<a>&;</a>", "not-well-formed", "'&' that starts no reference"],
        ["<a>&#0;</a>", "not-well-formed", "not a reference to a legal XML character"],
        ["<a>&#xFFFE;</a>", "not-well-formed", "not a reference to a legal XML character"],
        ["<a>&#xD800;</a>", "not-well-formed", "not a reference to a legal XML character"],
        ["<a>&#x;</a>", "not-well-formed", "not a reference to a legal XML character"],
        ["<a b='&#xFFFFFFF;'/>", "not-well-formed", "not a reference to a legal XML character"],
        ["<a>bell\u0007</a>", "not-well-formed", "control character 0x07"],
        ["<a>\uFFFF</a>", "not-well-formed", "U+FFFF is not an XML character"],
        ["<a>x</a><b/>", "not-well-formed", "A second element <b>"],
        ["<a>x</a>text", "not-well-formed", "Text outside the element"],
        ["<a><b></a>", "not-well-formed", "does not match the start tag <b>"],
        ["<a><b>", "not-well-formed", "The input ends before </b>"],
        ["</a>", "not-well-formed", "closes no open element"],
        ["<a", "not-well-formed", "ends inside the start tag <a>"],
        ["<a/ >", "not-well-formed", "'>' expected in the empty-element tag <a/>"],
        ["<1a/>", "not-well-formed", "A name was expected, not '1'"],
        ["<a><![CDATA[x]></a>", "not-well-formed", "not closed by ']]>'"],
        ["<a><!x></a>", "not-well-formed", "starts neither a CDATA section nor a comment"],
        ["", "not-well-formed", "No element"],
        ["<a xml:space='keep'/>", "not-well-formed", "xml:space is 'default' or 'preserve', not 'keep'"],
    ];

    /// <summary>RFC 6120 §11.1: refused as restricted-xml (§4.9.3.18), whatever XML 1.0 would make of them.</summary>
    public static IEnumerable<object[]> Restricted =>
    [
        ["<message><!-- hidden --><body>x</body></message>", "A comment is not allowed"],
        ["<message><?pi data?></message>", "A processing instruction is not allowed"],
        ["<message><!DOCTYPE x></message>", "A DTD or markup declaration is not allowed"],
        ["<message><!ENTITY a 'b'></message>", "A DTD or markup declaration is not allowed"],
        ["<message><body>&nbsp;</body></message>", "The entity reference '&nbsp;' is not allowed"],
        ["<message to='&lol9;'/>", "The entity reference '&lol9;' is not allowed"],
    ];

    [TestMethod]
    public void Parse_WellFormedStanzas_TheTreeXmlReaderBuilds()
    {
        var parser = new XmlTreeBuilder();
        var names = new NameTable();
        foreach (var stanza in WellFormed)
        {
            var expected = ReadWithReader(stanza);

            var element = parser.Parse(Encoding.UTF8.GetBytes(stanza), XmlMarkupOptions.Stanza, names, StreamScope);

            AssertSameTree(expected, element, stanza);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Malformed))]
    public void Parse_Malformed_RefusedWithWhatAndWhere_AsXmlReaderRefusesIt(string stanza, string condition, string what)
    {
        // XmlException from the reader, InvalidOperationException from XElement.Load for what lies beside the root.
        Assert.Throws<Exception>(() => ReadWithReader(stanza), "the reader refuses it too");

        var e = Assert.ThrowsExactly<XmlMarkupException>(() =>
            new XmlTreeBuilder().Parse(Encoding.UTF8.GetBytes(stanza), XmlMarkupOptions.Stanza, new NameTable(), StreamScope));

        Assert.AreEqual(condition, e.StreamErrorCondition, e.Message);
        StringAssert.Contains(e.Message, what);
        StringAssert.Contains(e.Message, $"Line {e.Line}, position {e.Position}.");
    }

    [TestMethod]
    [DynamicData(nameof(Restricted))]
    public void Parse_RestrictedXml_RefusedAsRestrictedXml(string stanza, string what)
    {
        var e = Assert.ThrowsExactly<XmlMarkupException>(() =>
            new XmlTreeBuilder().Parse(Encoding.UTF8.GetBytes(stanza), XmlMarkupOptions.Stanza, new NameTable(), StreamScope));

        Assert.AreEqual("restricted-xml", e.StreamErrorCondition, e.Message);
        StringAssert.Contains(e.Message, what);
        StringAssert.Contains(e.Message, "RFC 6120 §11.1");
    }

    [TestMethod]
    public void Parse_ElementWithPrefixXmlns_Refused_WhichTheReaderLetsThrough()
    {
        const string Stanza = "<xmlns:a/>";
        _ = ReadWithReader(Stanza);

        var e = Assert.ThrowsExactly<XmlMarkupException>(() => XmlMarkup.Parse(Stanza, XmlMarkupOptions.Stanza));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "must not have the prefix 'xmlns' (Namespaces in XML 1.0 §3)");
    }

    [TestMethod]
    public void Parse_ErrorOnALaterLine_NamesLineAndPositionInCharacters()
    {
        var stanza = "<message>\n  <body>Grüße</body>\n  <x a='1' a='2'/>\n</message>";

        var e = Assert.ThrowsExactly<XmlMarkupException>(() => XmlMarkup.Parse(stanza, XmlMarkupOptions.Stanza));

        Assert.AreEqual(3, e.Line);
        Assert.AreEqual(12, e.Position, e.Message); // the second a, as the reader counts: "  <x a='1' a" (1-based)
        var reader = Assert.ThrowsExactly<XmlException>(() => ReadWithReader(stanza));
        Assert.AreEqual((reader.LineNumber, reader.LinePosition), (e.Line, e.Position), reader.Message);
    }

    [TestMethod]
    public void Parse_InvalidUtf8_RefusedWhereItIs()
    {
        byte[][] inputs =
        [
            [(byte)'<', (byte)'a', 0xC3, 0x28, (byte)'/', (byte)'>'], // a broken two-byte sequence in a name
            [.. "<a b='"u8, 0xFF, .. "'/>"u8], // a byte that never starts UTF-8, in a value
            [.. "<a>"u8, 0xED, 0xA0, 0x80, .. "</a>"u8], // an encoded surrogate
            [.. "<a>"u8, 0xC0, 0xAF, .. "</a>"u8], // an overlong '/'
        ];
        foreach (var input in inputs)
        {
            var e = Assert.ThrowsExactly<XmlMarkupException>(() =>
                new XmlTreeBuilder().Parse(input, XmlMarkupOptions.Stanza, new NameTable(), StreamScope), Convert.ToHexString(input));

            Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
            StringAssert.Contains(e.Message, "Invalid UTF-8");
        }
    }

    [TestMethod]
    public void Parse_DeeperThanTheBound_PolicyViolation()
    {
        var options = XmlMarkupOptions.Stanza with { MaxDepth = 3 };

        Assert.AreEqual(3, XmlMarkup.Parse("<a><b><c/></b></a>", options).DescendantsAndSelf().Count());
        var e = Assert.ThrowsExactly<XmlMarkupException>(() => XmlMarkup.Parse("<a><b><c><d/></c></b></a>", options));

        Assert.AreEqual("policy-violation", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "deeper than 3");
    }

    [TestMethod]
    public void Parse_LargerThanTheBound_PolicyViolation()
    {
        var e = Assert.ThrowsExactly<XmlMarkupException>(() => XmlMarkup.Parse("<a>12345</a>"u8, XmlMarkupOptions.Stanza with { MaxBytes = 11 }));

        Assert.AreEqual("policy-violation", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "larger than 11 bytes");
    }

    [TestMethod]
    public void Parse_Document_DeclarationBomCommentsAndPisSkippedTreeAsXmlReader()
    {
        const string Text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- kept by edge -->\n<r xmlns='urn:r'><?pi x?><a>1<!-- c -->2</a>\n  <b/>\n</r>\n<!-- after -->\n";
        var options = new XmlMarkupOptions { Document = true };

        var parsed = XmlMarkup.Parse([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text)], options);

        var expected = XElement.Load(XmlReader.Create(new StringReader(Text), new XmlReaderSettings { IgnoreComments = true, IgnoreProcessingInstructions = true }));
        Assert.AreEqual(expected.ToString(SaveOptions.DisableFormatting), parsed.ToString(SaveOptions.DisableFormatting));
        Assert.AreEqual("12", parsed.Element(XName.Get("a", "urn:r"))!.Value);
    }

    [TestMethod]
    [DataRow("<?xml version='1.0' encoding='ISO-8859-1'?><a/>", "names the encoding 'ISO-8859-1'; only UTF-8 is read")]
    [DataRow("<a/><?xml version='1.0'?>", "allowed only at the very start")]
    [DataRow("<a><!-- a -- b --></a>", "must end at its first '--'")]
    [DataRow("<!DOCTYPE a><a/>", "A DTD or markup declaration is not allowed")]
    public void Parse_DocumentOddities_Refused(string text, string what)
    {
        var e = Assert.ThrowsExactly<XmlMarkupException>(() => XmlMarkup.Parse(Encoding.UTF8.GetBytes(text), new XmlMarkupOptions { Document = true }));

        StringAssert.Contains(e.Message, what);
    }

    [TestMethod]
    public void Parse_DocumentInUtf16WithByteOrderMark_ReadAsUtf16_AStanzaNever()
    {
        const string Text = "<?xml version=\"1.0\" encoding=\"utf-16\"?><a b='温度'/>";
        byte[] utf16 = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text)];

        Assert.AreEqual("温度", (string?)XmlMarkup.Parse(utf16, new XmlMarkupOptions { Document = true }).Attribute("b"));
        var e = Assert.ThrowsExactly<XmlMarkupException>(() => XmlMarkup.Parse(utf16, XmlMarkupOptions.Stanza));
        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void Parse_IgnoreWhitespaceAndNoDeclarations_AsTheOpenAdrReaderHadThem()
    {
        var options = new XmlMarkupOptions { Document = true, IgnoreWhitespace = true, KeepNamespaceDeclarations = false };

        var parsed = XmlMarkup.Parse("<p:a xmlns:p='urn:p' xmlns='urn:d'>\n  <b> x </b>\n</p:a>", options);

        Assert.IsFalse(parsed.Attributes().Any(), "no declarations on the tree");
        Assert.AreEqual(1, parsed.Nodes().Count(), "the whitespace between elements is dropped");
        Assert.AreEqual(" x ", parsed.Element(XName.Get("b", "urn:d"))!.Value, "text with more than whitespace is kept whole");
    }

    [TestMethod]
    public void Framer_StanzasWithPrefixesAndCData_SameTreesAsTheReaderInTheHeadersContext()
    {
        var driver = new FramerDriver(64 * 1024);
        driver.Feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" + string.Concat(WellFormed));

        var frames = driver.Frames.Where(f => f.Kind == FrameKind.Element).Select(f => f.Element!).ToArray();

        Assert.AreEqual(WellFormed.Length, frames.Length);
        for (var i = 0; i < WellFormed.Length; i++)
        {
            AssertSameTree(ReadWithReader(WellFormed[i]), frames[i], WellFormed[i]);
        }
    }

    [TestMethod]
    public void Framer_HeaderWithXmlLangAndOtherPrefixes_TheTreeXmlReaderBuilds()
    {
        const string Header = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' xmlns:db='jabber:server:dialback' xml:lang='en' from='localhost' id='s&amp;1' version='1.0'>";
        var driver = new FramerDriver();

        driver.Feed(Header + "<db:result/>");

        var expected = XElement.Load(XmlReader.Create(new StringReader(Header + "</stream:stream>")));
        AssertSameTree(expected, driver.Frames[0].Element!, Header);
        Assert.AreEqual(XName.Get("result", "jabber:server:dialback"), driver.Frames[1].Element!.Name, "the header's prefixes apply to stanzas");
    }

    [TestMethod]
    public void Framer_UndeclaredPrefixInTheHeader_NotWellFormed()
    {
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => new FramerDriver().Feed("<stream:stream xmlns='jabber:client' version='1.0'>"));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "The stream header is not well-formed XML: The prefix 'stream' is not declared");
    }

    [TestMethod]
    public void Framer_StanzaSplitAcrossReads_ParsedFromTheJoinedBytes()
    {
        var driver = new FramerDriver();
        driver.Feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");

        driver.FeedByteByByte(WellFormed[3] + WellFormed[14]);

        AssertSameTree(ReadWithReader(WellFormed[3]), driver.Frames[1].Element!, WellFormed[3]);
        AssertSameTree(ReadWithReader(WellFormed[14]), driver.Frames[2].Element!, WellFormed[14]);
    }

    /// <summary>
    /// A seeded differential fuzz: well-formed stanzas with bytes replaced, inserted or cut. Each one either parses to the
    /// tree XmlReader builds, or is refused with an <see cref="XmlMarkupException"/> (never another exception) where the
    /// reader refuses it too — or where RFC 6120 §11.1 refuses what XML allows. EDGE_FUZZ_SEED and EDGE_FUZZ_ROUNDS
    /// run it longer by hand (seeds 1-5 × 30,000 rounds agreed when it was written).
    /// </summary>
    [TestMethod]
    public void Parse_MutatedStanzas_AgreesWithXmlReaderOnEveryInput()
    {
        var random = new Random(int.Parse(Environment.GetEnvironmentVariable("EDGE_FUZZ_SEED") ?? "612", System.Globalization.CultureInfo.InvariantCulture));
        byte[] alphabet = "<>/='\"&;:#x![]-? \t\r\naé\u00A0"u8.ToArray();
        var parser = new XmlTreeBuilder();
        var (accepted, refused) = (0, 0);
        for (var round = 0; round < int.Parse(Environment.GetEnvironmentVariable("EDGE_FUZZ_ROUNDS") ?? "4000", System.Globalization.CultureInfo.InvariantCulture); round++)
        {
            var bytes = Encoding.UTF8.GetBytes(WellFormed[round % WellFormed.Length]).ToList();
            for (var edits = random.Next(1, 3); edits > 0 && bytes.Count > 1; edits--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: bytes.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: bytes.RemoveAt(at); break;
                }
            }

            var input = bytes.ToArray();
            XElement? expected = null;
            try
            {
                expected = ReadWithReader(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(input));
            }
            catch (Exception e) when (e is XmlException or InvalidOperationException or ArgumentException or DecoderFallbackException)
            {
            }

            try
            {
                var element = parser.Parse(input, XmlMarkupOptions.Stanza, new NameTable(), StreamScope);
                Assert.IsNotNull(expected, "accepted what the reader refuses: " + Encoding.UTF8.GetString(input));
                AssertSameTree(expected, element, Encoding.UTF8.GetString(input));
                accepted++;
            }
            catch (XmlMarkupException e)
            {
                Assert.IsTrue(expected is null || e.StreamErrorCondition == "restricted-xml" || e.Message.Contains("prefix 'xmlns'", StringComparison.Ordinal),
                    $"refused what the reader accepts ({e.Message}): {Encoding.UTF8.GetString(input)}");
                refused++;
            }
        }

        Assert.IsTrue(accepted > 400 && refused > 400, $"both sides exercised: {accepted} accepted, {refused} refused");
    }

    private static void AssertSameTree(XElement expected, XElement actual, string input)
    {
        Assert.AreEqual(expected.ToString(SaveOptions.DisableFormatting), actual.ToString(SaveOptions.DisableFormatting), input);
        Assert.IsTrue(XNode.DeepEquals(expected, actual), input);
        CollectionAssert.AreEqual(expected.DescendantsAndSelf().Select(e => e.IsEmpty).ToArray(),
            actual.DescendantsAndSelf().Select(e => e.IsEmpty).ToArray(), "empty elements vs. empty content: " + input);
        CollectionAssert.AreEqual(expected.DescendantNodesAndSelf().Select(n => n.GetType().Name).ToArray(),
            actual.DescendantNodesAndSelf().Select(n => n.GetType().Name).ToArray(), "node kinds (text, CDATA): " + input);
        CollectionAssert.AreEqual(expected.DescendantsAndSelf().SelectMany(e => e.Attributes()).Select(a => a.Name + "=" + a.Value).ToArray(),
            actual.DescendantsAndSelf().SelectMany(e => a(e)).ToArray(), "attributes, declarations included, in order: " + input);

        static IEnumerable<string> a(XElement e) => e.Attributes().Select(x => x.Name + "=" + x.Value);
    }

    /// <summary>What the framer built before: an XmlTextReader over the stanza in a jabber:client stream's context.</summary>
    private static XElement ReadWithReader(string stanza)
    {
        var names = new NameTable();
        var namespaces = new XmlNamespaceManager(names);
        foreach (var (prefix, uri) in StreamScope)
        {
            namespaces.AddNamespace(prefix, uri);
        }

        using var reader = new XmlTextReader(stanza, XmlNodeType.Element, new XmlParserContext(null, namespaces, null, XmlSpace.None))
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            Normalization = true,
            WhitespaceHandling = WhitespaceHandling.All,
        };
        return XElement.Load(reader, LoadOptions.None);
    }
}
