namespace Edge.Exi.Tests;

[TestClass]
public sealed class RoundTripTests
{
    public static IEnumerable<object[]> OptionSets()
    {
        foreach (ExiAlignment alignment in Enum.GetValues<ExiAlignment>())
        {
            yield return [alignment, false, false, null!, null!, 1_000_000];
            yield return [alignment, true, true, 3, 5, 1_000_000];
            yield return [alignment, true, false, null!, 0, 3];
        }
    }

    [TestMethod]
    [DynamicData(nameof(OptionSets))]
    public void EncodeDecode_OptionsInHeader_RoundTripsDocumentAndOptions(ExiAlignment alignment, bool prefixes, bool comments, int? maxLength, int? capacity, int blockSize)
    {
        var options = new ExiOptions
        {
            Alignment = alignment,
            PreservePrefixes = prefixes,
            PreserveComments = comments,
            PreserveProcessingInstructions = comments,
            ValueMaxLength = maxLength,
            ValuePartitionCapacity = capacity,
            BlockSize = blockSize,
            IncludeOptions = true,
            // With a schemaId in the header the decoder needs that schema: the built-in XMPP set, found by its id
            // (the document is not an XMPP stanza: all of it takes the non-strict undeclared productions).
            Schema = prefixes ? ExiSchema.Xmpp : null,
            SchemaId = prefixes ? ExiSchema.XmppId : null,
        };
        string xml = Vectors.Xml("features");

        byte[] exi = ExiCodec.EncodeXml(xml, options);
        using var input = new MemoryStream(exi);
        using var reader = new ExiReader(input);
        while (reader.Read())
        {
        }

        Assert.AreEqual(alignment, reader.Options.Alignment);
        Assert.AreEqual(prefixes, reader.Options.PreservePrefixes);
        Assert.AreEqual(comments, reader.Options.PreserveComments);
        Assert.AreEqual(comments, reader.Options.PreserveProcessingInstructions);
        Assert.AreEqual(maxLength, reader.Options.ValueMaxLength);
        Assert.AreEqual(capacity, reader.Options.ValuePartitionCapacity);
        Assert.AreEqual(blockSize, reader.Options.BlockSize);
        Assert.AreEqual(options.SchemaId, reader.Options.SchemaId);
        Assert.AreSame(options.Schema, reader.Options.Schema);
        Assert.AreEqual(XmlEquivalence.Canonical(xml), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(exi)));
    }

    [TestMethod]
    public void EncodeDecode_StrictFragmentAndCookie_AreReadFromHeader()
    {
        var options = new ExiOptions { Fragment = true, IncludeCookie = true, IncludeOptions = true, Strict = true };
        byte[] exi = ExiCodec.EncodeXml("<a>1</a><b x='2'/>", options);

        using var reader = new ExiReader(new MemoryStream(exi));

        CollectionAssert.AreEqual("$EXI"u8.ToArray(), exi[..4]);
        Assert.IsTrue(reader.Options.Fragment);
        Assert.IsTrue(reader.Options.Strict);
        Assert.AreEqual("SE {}a|CH 1|EE|SE {}b|AT {}x=\"2\"|EE|ED", Events(reader));
        Assert.AreEqual("<a>1</a><b x=\"2\"></b>", ExiCodec.DecodeToXml(exi));
    }

    [TestMethod]
    public void EncodeDecode_UnicodeBeyondBmp_RoundTrips()
    {
        string xml = "<r a='\U0001F600 é'>\U0001D11E text \u00e9</r>";

        string back = ExiCodec.DecodeToXml(ExiCodec.EncodeXml(xml));

        Assert.AreEqual(XmlEquivalence.Canonical(xml), XmlEquivalence.Canonical(back));
    }

    [TestMethod]
    public void EncodeDecode_DocTypeAndEntityReference_ArePreservedWhenAsked()
    {
        var writerOptions = new ExiOptions { PreserveDtd = true, PreserveComments = true };
        using var output = new MemoryStream();
        using (var writer = new ExiWriter(output, writerOptions))
        {
            writer.WriteStartDocument();
            writer.WriteDocType("r", string.Empty, "r.dtd", string.Empty);
            writer.WriteStartElement(string.Empty, "r");
            writer.WriteEntityReference("ent");
            writer.WriteComment("c");
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        using var reader = new ExiReader(new MemoryStream(output.ToArray()), writerOptions);

        Assert.AreEqual("DocType r |SE {}r|EntityReference ent |Comment  c|EE|ED", Events(reader));
    }

    [TestMethod]
    public void Encode_RepeatedValues_AreSmallerThanDistinctValues()
    {
        // The second occurrence is a local value-table hit: a few bits instead of the string.
        byte[] repeated = ExiCodec.EncodeXml("<r><v>abcdefghij</v><v>abcdefghij</v></r>");
        byte[] distinct = ExiCodec.EncodeXml("<r><v>abcdefghij</v><v>klmnopqrst</v></r>");
        byte[] capacityZero = ExiCodec.EncodeXml("<r><v>abcdefghij</v><v>abcdefghij</v></r>", new ExiOptions { ValuePartitionCapacity = 0 });

        Assert.IsLessThan(distinct.Length - 8, repeated.Length);
        Assert.AreEqual(distinct.Length, capacityZero.Length);
    }

    [TestMethod]
    public void Encode_WhitespaceOnlyText_KeptAsSimpleContentOrUnderXmlSpacePreserve()
    {
        string xml = "<r>\n  <a> </a>\n  <b xml:space='preserve'>\n  <c/>\n</b>\n</r>";

        string back = ExiCodec.DecodeToXml(ExiCodec.EncodeXml(xml));
        string lexical = ExiCodec.DecodeToXml(ExiCodec.EncodeXml(xml, new ExiOptions { PreserveLexicalValues = true }));

        Assert.AreEqual("<r><a> </a><b xml:space=\"preserve\">\n  <c></c>\n</b></r>", back);
        Assert.AreEqual(xml.Replace("'", "\"", StringComparison.Ordinal).Replace("<c/>", "<c></c>", StringComparison.Ordinal), lexical);
    }

    private static string Events(ExiReader reader)
    {
        var events = new List<string>();
        while (reader.Read())
        {
            ExiEvent e = reader.Current!;
            events.Add(e.Type switch
            {
                ExiEventType.StartDocument => string.Empty,
                ExiEventType.StartElement => $"SE {{{e.NamespaceUri}}}{e.LocalName}",
                ExiEventType.Attribute => $"AT {{{e.NamespaceUri}}}{e.LocalName}=\"{e.Value}\"",
                ExiEventType.Characters => $"CH {e.Value}",
                ExiEventType.EndElement => "EE",
                ExiEventType.EndDocument => "ED",
                _ => $"{e.Type} {e.Name} {e.Value}",
            });
        }

        events.RemoveAll(string.IsNullOrEmpty);
        return string.Join('|', events);
    }
}
