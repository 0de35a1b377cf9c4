namespace Edge.Exi.Tests;

/// <summary>
/// Schema-informed agreement with the independent implementation (EXIficient, Vectors/README.md): the XMPP schema
/// set on the stanza corpus and Vectors/typed.xsd on documents using every datatype and grammar feature, strict and
/// not, in every alignment. Byte-exact where the bytes are unique; for compression, each side decodes the other.
/// </summary>
[TestClass]
public sealed class SchemaInteropTests
{
    public static IEnumerable<object[]> ExactCases => Vectors.SchemaCases(exact: true);

    public static IEnumerable<object[]> AllCases => Vectors.SchemaCases(exact: false);

    public static IEnumerable<object[]> CompressionCases => Vectors.SchemaCases(exact: false, compressionOnly: true);

    [TestMethod]
    [DynamicData(nameof(ExactCases))]
    public void Encode_SchemaInformed_MatchesIndependentEncoderByteForByte(string name, string mode)
    {
        byte[] ours = ExiCodec.EncodeXml(Vectors.Xml(name), Vectors.Options(name, mode));

        CollectionAssert.AreEqual(Vectors.Exi(name, mode), ours, $"{name}.{mode}: {ours.Length} bytes");
    }

    [TestMethod]
    [DynamicData(nameof(AllCases))]
    public void Decode_IndependentVector_EqualsIndependentDecodingOfOurs(string name, string mode)
    {
        // Vectors/decoded holds what the independent decoder made of Edge.Exi's encoding of the same document with
        // the same options (for the exact modes, the same bytes as the vector): typed values in canonical form.
        string ours = ExiCodec.DecodeToXml(Vectors.Exi(name, mode), Vectors.Options(name, mode));

        Assert.AreEqual(
            XmlEquivalence.Canonical(Vectors.Decoded(name, mode), collapseWhitespace: true),
            XmlEquivalence.Canonical(ours, collapseWhitespace: true));
    }

    [TestMethod]
    [DynamicData(nameof(CompressionCases))]
    public void EncodeDecode_Compression_AgreesWithIndependentDecoding(string name, string mode)
    {
        ExiOptions options = Vectors.Options(name, mode);
        byte[] ours = ExiCodec.EncodeXml(Vectors.Xml(name), options);

        string back = ExiCodec.DecodeToXml(ours, options);

        Assert.AreEqual(
            XmlEquivalence.Canonical(Vectors.Decoded(name, mode), collapseWhitespace: true),
            XmlEquivalence.Canonical(back, collapseWhitespace: true));
    }

    [TestMethod]
    [DataRow("schema")]
    [DataRow("schema-strict")]
    [DataRow("schema-compression")]
    [DataRow("schema-strict-compression")]
    public void Encode_Fields10SchemaInformed_IsAFifthOfXmlWithCompressionAndBeatsSchemaLess(string mode)
    {
        int xml = System.Text.Encoding.UTF8.GetByteCount(Vectors.Xml("fields10"));

        int exi = ExiCodec.EncodeXml(Vectors.Xml("fields10"), Vectors.Options("fields10", mode)).Length;

        // The target (at most a fifth of the XML) holds with compression; bit-packed is about 21%.
        int bound = mode.Contains("compression", StringComparison.Ordinal) ? xml / 5 : xml * 22 / 100;
        Assert.IsLessThanOrEqualTo(bound, exi, $"{mode}: {exi} of {xml} bytes");
        Assert.IsLessThan(Vectors.Exi("fields10", "bitpacked").Length, exi, "schema-informed should beat schema-less");
    }
}
