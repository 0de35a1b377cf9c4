using System.Buffers;
using System.Xml.Linq;
using Edge.Exi;
using Edge.Xmpp.Exi;
using Edge.Xmpp.Internal;
using Edge.Xmpp.Tests.Internal;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>
/// The EXI stream codec both ways (XEP-0322 §2.3, §3.3): what one side writes, the other reads as the same frames, in
/// every alignment, schema-less and schema-informed, however the bytes are split; bad bodies are clear stream errors.
/// </summary>
[TestClass]
public sealed class ExiStreamCodecTests
{
    private const string Chat = "<message xmlns='jabber:client' to='client@example.org/app' id='m1' type='chat'><body>21.5 °C &amp; rising</body></message>";
    private const string Sm = "<r xmlns='urn:xmpp:sm:3'/>";

    public static IEnumerable<object[]> Modes()
    {
        foreach (var alignment in Enum.GetValues<ExiAlignment>())
        {
            yield return [alignment, false, false];
            yield return [alignment, true, false];
            yield return [alignment, true, true];
        }
    }

    [TestMethod]
    [DynamicData(nameof(Modes))]
    public void WriteThenRead_EveryMode_SameFramesOnTheOtherSide(ExiAlignment alignment, bool schema, bool strict)
    {
        var parameters = new ExiParameters { Alignment = alignment, Strict = strict };
        var writer = Codec(parameters, schema);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteStreamHeader(new StreamHeader("example.org", "meter1@example.org", null), output);
        writer.WriteElement(XElement.Parse(Chat), output);
        writer.WriteElement(XElement.Parse(Sm), output);
        writer.WriteElement(new XElement("presence", new XElement("priority", "1")), output);
        writer.WriteStreamEnd(output);

        var driver = new FramerDriver(Codec(parameters, schema));
        driver.FeedInChunks(output.WrittenSpan.ToArray(), 7);

        Assert.AreEqual(5, driver.Frames.Count, string.Join(" | ", driver.Frames));
        Assert.AreEqual(FrameKind.StreamHeader, driver.Frames[0].Kind);
        var header = driver.Frames[0].Element!;
        Assert.AreEqual(XmppNamespaces.Streams + "stream", header.Name);
        Assert.AreEqual("example.org", (string?)header.Attribute("to"));
        Assert.AreEqual("meter1@example.org", (string?)header.Attribute("from"));
        Assert.AreEqual("en", (string?)header.Attribute(XNamespace.Xml + "lang"));
        XmlEquivalence.AssertSame(XElement.Parse(Chat), driver.Frames[1].Element);
        XmlEquivalence.AssertSame(XElement.Parse(Sm), driver.Frames[2].Element);
        Assert.AreEqual(XmppNamespaces.Client + "presence", driver.Frames[3].Element!.Name, "a stanza built without a namespace is in the stream's");
        Assert.AreEqual(XmppNamespaces.Client + "priority", driver.Frames[3].Element!.Elements().Single().Name);
        Assert.AreEqual(FrameKind.StreamEnd, driver.Frames[4].Kind);
    }

    [TestMethod]
    public void Read_ByteByByte_EveryBodyWaitsForItsLastByte()
    {
        var parameters = new ExiParameters();
        var writer = Codec(parameters, schema: true);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteElement(XElement.Parse(Chat), output);
        writer.WriteElement(XElement.Parse(Chat), output);
        var bytes = output.WrittenSpan.ToArray();

        var driver = new FramerDriver(Codec(parameters, schema: true));
        for (var i = 0; i < bytes.Length; i++)
        {
            driver.Feed([bytes[i]]);
            var expected = i + 1 < bytes.Length / 2 ? 0 : i + 1 < bytes.Length ? 1 : 2;
            Assert.AreEqual(expected, driver.Frames.Count, $"after byte {i + 1} of {bytes.Length}");
        }
    }

    [TestMethod]
    public void Write_Stanza_IsTheBareBodyEdgeExiDecodes()
    {
        var parameters = new ExiParameters { Strict = true };
        var writer = Codec(parameters, schema: true);
        var output = new ArrayBufferWriter<byte>();
        var stanza = XElement.Parse(Chat);
        writer.WriteElement(stanza, output);

        // Independently: Edge.Exi alone, with the agreed options and no header (§3.3).
        var decoded = ExiCodec.DecodeToXml(output.WrittenSpan, new ExiOptions { Schema = ExiSchema.Xmpp, Strict = true, OmitHeader = true });
        XmlEquivalence.AssertSame(stanza, XElement.Parse(decoded));
        Assert.AreEqual(ExiCodec.EncodeXml(Chat, new ExiOptions { Schema = ExiSchema.Xmpp, Strict = true }).Length - 1, output.WrittenCount,
            "the same body as a standalone EXI document, less its one-byte header");
    }

    [TestMethod]
    public void Read_GarbageBody_BadFormatNamingTheBit()
    {
        var driver = new FramerDriver(Codec(new ExiParameters(), schema: true));
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.AreEqual("bad-format", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "Malformed EXI");
        StringAssert.Contains(e.Message, "bit ");
    }

    [TestMethod]
    public void Read_BodyLongerThanTheStanzaLimit_PolicyViolation()
    {
        var parameters = new ExiParameters();
        var big = new XElement(XmppNamespaces.Client + "message",
            Enumerable.Range(0, 100).Select(i => new XElement(XmppNamespaces.Client + "body", new XAttribute(XNamespace.Xml + "lang", "l" + i), i + new string('x', 80))));
        var output = new ArrayBufferWriter<byte>();
        new ExiStreamCodec(parameters, null, 64 * 1024).WriteElement(big, output);

        var reader = new ExiStreamCodec(parameters, null, 4096);
        var driver = new FramerDriver(reader);
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.FeedInChunks(output.WrittenSpan.ToArray(), 1000));
        Assert.AreEqual("policy-violation", e.StreamErrorCondition);
        Assert.IsLessThanOrEqualTo(4096 + 1000, driver.MaxBuffered, "no more than the limit (and one read) is buffered");
    }

    [TestMethod]
    public void Read_CommentInABody_RestrictedXml()
    {
        var options = new ExiOptions { PreserveComments = true, OmitHeader = true };
        var body = ExiCodec.EncodeXml("<message xmlns='jabber:client'><!-- hi --></message>", options);
        var codec = new ExiStreamCodec(new ExiParameters { PreserveComments = false }, null, 4096);
        var driver = new FramerDriver(codec);

        // Without preserved comments in the agreed options the CM event code does not exist: the body does not decode.
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => driver.Feed(body));
        Assert.AreEqual("bad-format", e.StreamErrorCondition);
    }

    [TestMethod]
    [DynamicData(nameof(Modes))]
    public void SessionWideBuffers_RepeatedStanzasShrink_AndReadBackSplitAnywhere(ExiAlignment alignment, bool schema, bool strict)
    {
        var parameters = new ExiParameters { Alignment = alignment, Strict = strict, SessionWideBuffers = true, ValueMaxLength = 64, ValuePartitionCapacity = 1024 };
        var writer = Codec(parameters, schema);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteStreamHeader(new StreamHeader("example.org", "meter1@example.org", null), output);
        var sizes = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            writer.WriteElement(XElement.Parse(Chat), output);
            sizes.Add(writer.LastBodyBytes);
        }

        writer.WriteElement(XElement.Parse(Sm), output);
        Assert.IsTrue(sizes[1] * 2 <= sizes[0], $"bodies {string.Join(", ", sizes)} B: the second repeats the first's strings");
        Assert.AreEqual(sizes[1], sizes[2]);
        Assert.IsTrue(writer.SessionTableCharacters.Written > 0);

        // Split into 3-byte chunks: a body not yet complete is rolled back and decoded again when the rest arrives.
        var reader = Codec(parameters, schema);
        var driver = new FramerDriver(reader);
        driver.FeedInChunks(output.WrittenSpan.ToArray(), 3);
        Assert.AreEqual(5, driver.Frames.Count, string.Join(" | ", driver.Frames));
        for (var i = 1; i <= 3; i++)
        {
            XmlEquivalence.AssertSame(XElement.Parse(Chat), driver.Frames[i].Element);
        }

        XmlEquivalence.AssertSame(XElement.Parse(Sm), driver.Frames[4].Element);
        Assert.AreEqual(writer.SessionTableCharacters.Written, reader.SessionTableCharacters.Read);
    }

    [TestMethod]
    public void SessionWideBuffers_Reset_StartsBothDirectionsOver()
    {
        var parameters = new ExiParameters { SessionWideBuffers = true };
        var writer = Codec(parameters, schema: true);
        var first = new ArrayBufferWriter<byte>();
        writer.WriteElement(XElement.Parse(Chat), first);
        writer.Reset();
        Assert.AreEqual((0L, 0L), writer.SessionTableCharacters);
        var again = new ArrayBufferWriter<byte>();
        writer.WriteElement(XElement.Parse(Chat), again);
        CollectionAssert.AreEqual(first.WrittenSpan.ToArray(), again.WrittenSpan.ToArray(), "after a restart the first stanza is coded as on a fresh stream");

        var reader = Codec(parameters, schema: true);
        var driver = new FramerDriver(reader);
        driver.Feed(first.WrittenSpan.ToArray());
        reader.Reset();
        driver.Feed(again.WrittenSpan.ToArray());
        Assert.AreEqual(2, driver.Frames.Count);
        XmlEquivalence.AssertSame(XElement.Parse(Chat), driver.Frames[1].Element);
    }

    [TestMethod]
    public void ReadStreamStart_WithFeaturesInside_HeaderThenFeaturesAsTheirOwnFrame()
    {
        var start = "<streamStart xmlns='http://jabber.org/protocol/compress/exi' from='example.org' id='s1' version='1.0'>"
            + "<xmlns prefix='' namespace='jabber:client'/><xmlns prefix='stream' namespace='http://etherx.jabber.org/streams'/>"
            + "<features xmlns='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></features></streamStart>";
        var body = ExiCodec.EncodeXml(start, new ExiOptions { OmitHeader = true });
        var driver = new FramerDriver(Codec(new ExiParameters(), schema: false));
        driver.Feed(body);

        Assert.AreEqual(2, driver.Frames.Count);
        Assert.AreEqual(FrameKind.StreamHeader, driver.Frames[0].Kind);
        Assert.AreEqual("s1", (string?)driver.Frames[0].Element!.Attribute("id"));
        Assert.IsFalse(driver.Frames[0].Element!.HasElements);
        Assert.AreEqual(XmppNamespaces.Streams + "features", driver.Frames[1].Element!.Name);
    }

    private static ExiStreamCodec Codec(ExiParameters parameters, bool schema) =>
        new(parameters, schema ? ExiSchemaSet.BuiltIn.Compile(ExiSchemaSet.BuiltIn.Ids) : null, 64 * 1024);
}
