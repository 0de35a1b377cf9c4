namespace Edge.Exi.Tests;

/// <summary>
/// Agreement with an independent EXI implementation (EXIficient, see Vectors/README.md): byte-exact where the
/// bytes are unique (bit-packed, byte-aligned, pre-compression), decode-equivalent for compression.
/// </summary>
[TestClass]
public sealed class InteropTests
{
    public static IEnumerable<object[]> ExactCases => Vectors.ExactCases();

    public static IEnumerable<object[]> AllCases => Vectors.AllCases();

    [TestMethod]
    [DynamicData(nameof(ExactCases))]
    public void Encode_CorpusDocument_MatchesIndependentEncoderByteForByte(string name, string mode)
    {
        byte[] ours = ExiCodec.EncodeXml(Vectors.Xml(name), Vectors.Options(mode));

        CollectionAssert.AreEqual(Vectors.Exi(name, mode), ours, $"{name}.{mode}: {ours.Length} bytes");
    }

    [TestMethod]
    [DynamicData(nameof(AllCases))]
    public void Decode_IndependentVector_IsEquivalentToSourceXml(string name, string mode)
    {
        // Vectors without options in their header need them out of band, as the independent decoder does.
        string xml = ExiCodec.DecodeToXml(Vectors.Exi(name, mode), Vectors.Options(mode));

        Assert.AreEqual(XmlEquivalence.Canonical(Vectors.Xml(name)), XmlEquivalence.Canonical(xml));
    }

    [TestMethod]
    [DataRow("fields2")]
    [DataRow("fields50")]
    [DataRow("pubsub-publish")]
    public void Encode_Compression_DecodesToSameDocumentAsIndependentVector(string name)
    {
        byte[] ours = ExiCodec.EncodeXml(Vectors.Xml(name), Vectors.Options("compression"));

        string fromOurs = ExiCodec.DecodeToXml(ours);
        string fromTheirs = ExiCodec.DecodeToXml(Vectors.Exi(name, "compression"));
        Assert.AreEqual(XmlEquivalence.Canonical(fromTheirs), XmlEquivalence.Canonical(fromOurs));
        Assert.IsLessThan(Vectors.Exi(name, "precompression").Length, ours.Length, "compression should beat pre-compression");
    }

    [TestMethod]
    public void Decode_FeaturesVector_KeepsCommentsAndProcessingInstructions()
    {
        string xml = ExiCodec.DecodeToXml(Vectors.Exi("features", "all"));

        StringAssert.Contains(xml, "<!-- inner -->");
        StringAssert.Contains(xml, "<?p2 d?>");
        StringAssert.Contains(xml, "<x:a x:attr=\"1\"");
    }

    [TestMethod]
    public void Decode_DocTypeVector_YieldsDocTypeFields()
    {
        using var reader = new ExiReader(new MemoryStream(Vectors.Exi("dtd", "dtd")));
        reader.Read();
        reader.Read();

        Assert.AreEqual(ExiEventType.DocType, reader.Current!.Type);
        Assert.AreEqual("r", reader.Current.Name);
        Assert.AreEqual("r.dtd", reader.Current.SystemId);
        StringAssert.Contains(reader.Current.Value, "<!ENTITY e \"x\">");
    }
}
