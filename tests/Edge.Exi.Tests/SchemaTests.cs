using System.Xml;

namespace Edge.Exi.Tests;

/// <summary>
/// Building grammars from XML Schema (EXI 1.0 §8.5, appendix D) and schema-informed coding checked against bits
/// assembled by hand from the specification; invalid schemas and documents outside a strict grammar.
/// </summary>
[TestClass]
public sealed class SchemaTests
{
    private const string Tiny = """
        <xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>
          <xs:element name='a'>
            <xs:complexType>
              <xs:attribute name='b' type='xs:int' use='required'/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    [TestMethod]
    public void Encode_TinySchemaStrict_IsHandAssembledBits()
    {
        // DocContent {SE(a), SE(*)}: 1 bit, 0. a's start tag {AT(b)}, no second level when strict: 0 bits; the int 5:
        // sign 0, unsigned 5. Then {EE}: 0 bits; DocEnd ED: 0 bits (§8.5.1, §8.5.4, §6.2).
        var expected = new BitBuilder();
        expected.Add(0x80, 8);
        expected.Add(0, 1);
        expected.Add(0, 1);
        expected.Add(5, 8);

        byte[] exi = ExiCodec.EncodeXml("<a b='5'/>", new ExiOptions { Schema = ExiSchema.FromXml([Tiny]), Strict = true });

        CollectionAssert.AreEqual(expected.ToArray(), exi);
    }

    [TestMethod]
    public void Encode_TinySchemaNonStrict_AddsOneBitPerStateForTheSecondLevel()
    {
        // Non-strict: {AT(b)} gains second-level productions, so its code is ⌈log2 2⌉ = 1 bit; so does the {EE} state.
        var expected = new BitBuilder();
        expected.Add(0x80, 8);
        expected.Add(0, 1);
        expected.Add(0, 1);
        expected.Add(0, 1);
        expected.Add(5, 8);
        expected.Add(0, 1);

        byte[] exi = ExiCodec.EncodeXml("<a b='5'/>", new ExiOptions { Schema = ExiSchema.FromXml([Tiny]) });

        CollectionAssert.AreEqual(expected.ToArray(), exi);
        Assert.AreEqual("<a b=\"5\"></a>", ExiCodec.DecodeToXml(exi, new ExiOptions { Schema = ExiSchema.FromXml([Tiny]) }));
    }

    [TestMethod]
    public void Encode_TinySchemaNonStrict_UndeclaredAttributeUsesSecondLevel()
    {
        // After AT(b) the state {EE} (a start-tag state) takes AT(c) undeclared: first-level escape 1 (1 bit), then
        // AT(*) = 0 of the second level {AT(*), AT [untyped], SE(*), CH} (2 bits); the qualified name: URI "" = 1 of
        // 5 (3 bits), local-name miss length + 1 = 2 and 'c'; the value miss length + 2 = 3 and 'x'; then EE 0 (1 bit).
        ExiSchema schema = ExiSchema.FromXml([Tiny]);
        var expected = new BitBuilder();
        expected.Add(0x80, 8);
        expected.Add(0, 1);
        expected.Add(0, 1);
        expected.Add(5, 9);
        expected.Add(1, 1);
        expected.Add(0, 2);
        expected.Add(1, 3);
        expected.Add(2, 8);
        expected.Add('c', 8);
        expected.Add(3, 8);
        expected.Add('x', 8);
        expected.Add(0, 1);

        byte[] exi = ExiCodec.EncodeXml("<a c='x' b='5'/>", new ExiOptions { Schema = schema });

        CollectionAssert.AreEqual(expected.ToArray(), exi);
        Assert.AreEqual("<a b=\"5\" c=\"x\"></a>", ExiCodec.DecodeToXml(exi, new ExiOptions { Schema = schema }));
    }

    [TestMethod]
    public void Encode_OccurrenceRangeReachedMaximum_NoLongerOffersTheElement()
    {
        // value{1,2}, more* (§8.5.4.1.4 unrolls the range): after the first value the state is {SE(value), SE(more),
        // EE} (2 bits), after the second {SE(more), EE} (1 bit). EXIficient keeps SE(value) in the second state when
        // an unbounded element may follow (it merges Xerces's counting states), coding this EE as 10 instead of 1:
        // a known difference, see src/Edge.Exi/README.md.
        const string schema = """
            <xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>
              <xs:element name='r'><xs:complexType><xs:sequence>
                <xs:element name='value' type='xs:boolean' maxOccurs='2'/>
                <xs:element name='more' type='xs:boolean' minOccurs='0' maxOccurs='unbounded'/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var expected = new BitBuilder();
        expected.Add(0x80, 8);
        expected.Add(0, 1); // DocContent {SE(r), SE(*)}
        expected.Add(1, 1); // true (r's start tag {SE(value)} and value's {CH}: 0 bits each)
        expected.Add(0, 2); // {SE(value), SE(more), EE}: SE(value)
        expected.Add(0, 1); // false
        expected.Add(1, 1); // {SE(more), EE}: EE

        byte[] exi = ExiCodec.EncodeXml("<r><value>true</value><value>false</value></r>", new ExiOptions { Schema = ExiSchema.FromXml([schema]), Strict = true });

        CollectionAssert.AreEqual(expected.ToArray(), exi);
    }

    [TestMethod]
    public void Load_TypedSchema_PrePopulatesTheStringTableInSpecifiedOrder()
    {
        ExiSchema typed = Vectors.Typed;
        var uris = typed.Compiled.Uris;

        // "", xml, xsi, xsd, then the schema's namespaces sorted (appendix D.3); each partition's names sorted.
        CollectionAssert.AreEqual(
            new[] { string.Empty, "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/2001/XMLSchema", "urn:example:list1", "urn:example:typed" },
            uris.Select(u => u.Uri).ToArray());
        Assert.HasCount(46, uris[3].LocalNames);
        Assert.AreEqual("ENTITIES", uris[3].LocalNames[0]);
        CollectionAssert.AreEqual(uris[0].LocalNames.Order(StringComparer.Ordinal).ToArray(), uris[0].LocalNames);
        CollectionAssert.Contains(uris[0].LocalNames, "radius");
        CollectionAssert.Contains(uris[5].LocalNames, "Derived");
        CollectionAssert.Contains(uris[5].LocalNames, "global");
    }

    [TestMethod]
    public void Xmpp_GlobalElements_AreInDocumentGrammarOrder()
    {
        IReadOnlyList<XmlQualifiedName> globals = ExiSchema.Xmpp.GlobalElements;

        var sorted = globals.OrderBy(n => n.Name, StringComparer.Ordinal).ThenBy(n => n.Namespace, StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(sorted, globals.ToList());
        CollectionAssert.Contains(globals.ToList(), new XmlQualifiedName("fields", "urn:xmpp:iot:sensordata"));
        CollectionAssert.Contains(globals.ToList(), new XmlQualifiedName("message", "jabber:client"));
        Assert.IsTrue(ExiSchema.TryGetBuiltIn(ExiSchema.XmppId, out ExiSchema? byId));
        Assert.AreSame(ExiSchema.Xmpp, byId);
    }

    [TestMethod]
    public void XmppExiDefault_HasTheStreamsAndExiElements_AndCodesAStreamStartAndAStanzaStrict()
    {
        // XEP-0322 §3.14: streams + the XEP's namespace; §2.4.3: strict, bit-packed, valueMaxLength/valuePartitionCapacity 64.
        var globals = ExiSchema.XmppExiDefault.GlobalElements.ToList();
        CollectionAssert.Contains(globals, new XmlQualifiedName("streamStart", "http://jabber.org/protocol/compress/exi"));
        CollectionAssert.Contains(globals, new XmlQualifiedName("setup", "http://jabber.org/protocol/compress/exi"));
        CollectionAssert.Contains(globals, new XmlQualifiedName("features", "http://etherx.jabber.org/streams"));
        CollectionAssert.DoesNotContain(globals, new XmlQualifiedName("iq", "jabber:client"));
        Assert.IsTrue(ExiSchema.TryGetBuiltIn("urn:xmpp:exi:default", out ExiSchema? byId));
        Assert.AreSame(ExiSchema.XmppExiDefault, byId);

        var options = new ExiOptions { Schema = ExiSchema.XmppExiDefault, Strict = true, ValueMaxLength = 64, ValuePartitionCapacity = 64, IncludeCookie = true };
        const string start = "<exi:streamStart xmlns:exi='http://jabber.org/protocol/compress/exi' to='example.org' version='1.0' xml:lang='en'>"
            + "<exi:xmlns prefix='' namespace='jabber:client'/><exi:xmlns prefix='stream' namespace='http://etherx.jabber.org/streams'/></exi:streamStart>";
        const string iq = "<iq xmlns='jabber:client' type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>edge</resource></bind></iq>";
        foreach (var xml in new[] { start, iq })
        {
            byte[] exi = ExiCodec.EncodeXml(xml, options);
            CollectionAssert.AreEqual("$EXI"u8.ToArray(), exi.Take(4).ToArray());
            Assert.AreEqual(XmlEquivalence.Canonical(xml), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(exi, options)));
        }

        // Strict: a child the XEP's streamStart does not declare cannot be coded.
        Assert.ThrowsExactly<ExiException>(() => ExiCodec.EncodeXml(
            "<exi:streamStart xmlns:exi='http://jabber.org/protocol/compress/exi'><exi:bogus/></exi:streamStart>", options));
    }

    [TestMethod]
    public void Encode_StrictUndeclaredAttribute_ThrowsExiExceptionNamingIt()
    {
        var options = new ExiOptions { Schema = ExiSchema.Xmpp, Strict = true };

        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.EncodeXml("<message xmlns='jabber:client' color='red'/>", options));

        StringAssert.Contains(ex.Message, "AT {}color");
        StringAssert.Contains(ex.Message, "strict");
    }

    [TestMethod]
    public void Encode_StrictInvalidTypedValue_ThrowsAndNonStrictCodesItUntyped()
    {
        const string xml = "<fields xmlns='urn:xmpp:iot:sensordata' seqnr='many'/>";

        Assert.ThrowsExactly<ExiException>(() => ExiCodec.EncodeXml(xml, new ExiOptions { Schema = ExiSchema.Xmpp, Strict = true }));
        byte[] loose = ExiCodec.EncodeXml(xml, new ExiOptions { Schema = ExiSchema.Xmpp });
        Assert.AreEqual(XmlEquivalence.Canonical(xml), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(loose, new ExiOptions { Schema = ExiSchema.Xmpp })));
    }

    [TestMethod]
    public void Encode_StrictIncompleteContent_Throws()
    {
        // An iq needs id and type; a stanza error needs its condition element.
        var options = new ExiOptions { Schema = ExiSchema.Xmpp, Strict = true };

        Assert.ThrowsExactly<ExiException>(() => ExiCodec.EncodeXml("<iq xmlns='jabber:client' id='1'/>", options));
        Assert.ThrowsExactly<ExiException>(() => ExiCodec.EncodeXml("<error xmlns='jabber:client' type='cancel'/>", options));
    }

    [TestMethod]
    public void Decode_UnknownSchemaIdInHeader_ThrowsNamingIt()
    {
        byte[] exi = ExiCodec.EncodeXml("<a b='5'/>", new ExiOptions { Schema = ExiSchema.FromXml([Tiny]), SchemaId = "urn:example:tiny", IncludeOptions = true });

        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml(exi));

        StringAssert.Contains(ex.Message, "urn:example:tiny");
        Assert.AreEqual("<a b=\"5\"></a>", ExiCodec.DecodeToXml(exi, new ExiOptions { Schema = ExiSchema.FromXml([Tiny]) }));
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        var ex = Assert.ThrowsExactly<ExiSchemaException>(() => ExiSchema.Load("/no/such/dir/missing.xsd"));

        StringAssert.Contains(ex.Message, "missing.xsd");
    }

    [TestMethod]
    [DataRow("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='a' type='Nope'/></xs:schema>", "Nope")]
    [DataRow("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='a'>", "schema document 1")]
    [DataRow("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='a'><xs:complexType><xs:choice><xs:element name='b'/><xs:sequence><xs:element name='b'/><xs:element name='c'/></xs:sequence></xs:choice></xs:complexType></xs:element></xs:schema>", "b")]
    [DataRow("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:simpleType name='E'><xs:restriction base='xs:int'><xs:enumeration value='x'/></xs:restriction></xs:simpleType></xs:schema>", "x")]
    public void FromXml_InvalidSchema_ThrowsExiSchemaExceptionWithDetail(string schema, string detail)
    {
        var ex = Assert.ThrowsExactly<ExiSchemaException>(() => ExiSchema.FromXml([schema]));

        StringAssert.StartsWith(ex.Message, "Invalid XML Schema: ");
        StringAssert.Contains(ex.Message, detail);
    }

    [TestMethod]
    public void Load_RemoteImport_IsRefusedNotFetched()
    {
        string dir = Directory.CreateTempSubdirectory("exi-xsd").FullName;
        try
        {
            string xsd = Path.Combine(dir, "remote.xsd");
            File.WriteAllText(xsd, "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:import namespace='urn:x' schemaLocation='http://example.org/x.xsd'/><xs:element name='a' xmlns:x='urn:x' type='x:T'/></xs:schema>");

            var ex = Assert.ThrowsExactly<ExiSchemaException>(() => ExiSchema.Load(xsd));

            StringAssert.Contains(ex.Message, "x:T");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
