using System.Text;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

/// <summary>
/// End tags must close the element that is open: framing by depth alone takes <c>&lt;/message&gt;</c> after
/// <c>&lt;message&gt;&lt;body&gt;</c> for the body's end and swallows every later stanza.
/// </summary>
[TestClass]
public sealed class StreamFramerEndTagTests
{
    private const string Header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' version='1.0'>";

    private const string Iq = "<iq type='get' id='i1'><ping xmlns='urn:xmpp:ping'/></iq>";

    private static readonly XNamespace Client = "jabber:client";

    [TestMethod]
    public void TryReadFrame_EndTagClosesOuterElement_NotWellFormedAtThatTag()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);
        const string Bad = "<message><body>x</message>";

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed(Bad + Iq + Iq));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "</message> does not close <body>");
        Assert.AreEqual(1, driver.Frames.Count, "Only the header was framed; nothing after the bad tag.");
    }

    [TestMethod]
    public void TryReadFrame_MismatchedEndTagByteByByte_NotWellFormedAtItsLastByte()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);
        const string Bad = "<message><body>x</message>";

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.FeedByteByByte(Bad + Iq));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
        Assert.AreEqual(Encoding.UTF8.GetByteCount(Header + Bad), driver.Fed, "Refused at the '>' of </message>, not later.");
    }

    [TestMethod]
    public void TryReadFrame_MismatchedEndTagSplitAtEveryOffset_NotWellFormed()
    {
        var bytes = Encoding.UTF8.GetBytes("<message id='m1'><body>x</body><thread>t1</threa></message>" + Iq);

        for (var split = 1; split < bytes.Length; split++)
        {
            var driver = new FramerDriver();
            driver.Feed(Header);

            var e = Assert.ThrowsExactly<XmppProtocolException>(
                () =>
                {
                    driver.Feed(bytes[..split]);
                    driver.Feed(bytes[split..]);
                },
                $"split at byte {split}");

            Assert.AreEqual("not-well-formed", e.StreamErrorCondition, $"split at byte {split}");
        }
    }

    [TestMethod]
    [DataRow("<message><body>x</bodyx></message>")]
    [DataRow("<message><bodyx>x</body></message>")]
    [DataRow("<message><x:body xmlns:x='urn:x'>x</y:body></message>")]
    [DataRow("<message><body>x</body></messagE>")]
    public void TryReadFrame_EndTagNameDiffersInOneByte_NotWellFormed(string input)
    {
        var driver = new FramerDriver();
        driver.Feed(Header);

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.FeedByteByByte(input));

        Assert.AreEqual("not-well-formed", e.StreamErrorCondition);
    }

    [TestMethod]
    public void TryReadFrame_DeepDocumentWithPrefixesAndSimilarNames_FramedWhole()
    {
        // 100 levels (past the initial capacity of the open-name stack), names that are prefixes of each other,
        // prefixed names, whitespace before '>' in end tags, attributes, self-closing children.
        var open = new StringBuilder("<message xmlns:p='urn:p'>");
        var close = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            var name = (i % 3) switch { 0 => "a", 1 => "ab", _ => "p:a" };
            open.Append('<').Append(name).Append(" n='").Append(i).Append("'><e/>");
            close.Insert(0, "</" + name + (i % 2 == 0 ? ">" : " \n>"));
        }

        var stanza = open + "deep" + close + "</message>";
        var whole = new FramerDriver(64 * 1024);
        whole.Feed(Header);
        var bytewise = new FramerDriver(64 * 1024);
        bytewise.Feed(Header);

        whole.Feed(stanza + Iq);
        bytewise.FeedByteByByte(stanza + Iq);

        foreach (var driver in new[] { whole, bytewise })
        {
            Assert.AreEqual(3, driver.Frames.Count);
            var message = driver.Frames[1].Element!;
            Assert.AreEqual(Client + "message", message.Name);
            Assert.AreEqual(100, message.Descendants().Count(d => d.Attribute("n") is not null));
            Assert.AreEqual("deep", message.Value);
            Assert.AreEqual(Client + "iq", driver.Frames[2].Element!.Name);
        }
    }
}
