using System.Text;
using System.Xml;
using System.Xml.Schema;
using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi.Tests;

/// <summary>
/// The model behind grammar files: a schema using every construct the EXI compiler reads gives the same grammars
/// from its grammar files as from its documents (within one document and across documents); what a grammar file
/// cannot hold, and files that are not grammar files, are refused with messages that name them.
/// </summary>
[TestClass]
public sealed class GrammarFileModelTests
{
    // Enumerations (of strings, of ints, of a list), bounded and unbounded integer ranges, lists, a union, a pattern
    // with a restricted character set and one without, a boolean with a pattern, date-times, nillable and abstract
    // elements, a substitution group, wildcards (##other, ##local and a list, attribute ##targetNamespace), an all
    // group, mixed content, simple content restricted, derivation by extension (xsi:type castable) and an occurrence
    // range that is unrolled.
    private const string Rich = """
        <xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:r='urn:test:rich' targetNamespace='urn:test:rich' elementFormDefault='qualified'>
          <xs:simpleType name='color'><xs:restriction base='xs:string'><xs:enumeration value='red'/><xs:enumeration value='green'/></xs:restriction></xs:simpleType>
          <xs:simpleType name='small'><xs:restriction base='xs:int'><xs:minInclusive value='-3'/><xs:maxExclusive value='9'/></xs:restriction></xs:simpleType>
          <xs:simpleType name='level'><xs:restriction base='xs:unsignedByte'><xs:enumeration value='1'/><xs:enumeration value='02'/></xs:restriction></xs:simpleType>
          <xs:simpleType name='ints'><xs:list itemType='xs:int'/></xs:simpleType>
          <xs:simpleType name='pair'><xs:restriction base='r:ints'><xs:enumeration value='1 2'/></xs:restriction></xs:simpleType>
          <xs:simpleType name='either'><xs:union memberTypes='xs:int xs:date'/></xs:simpleType>
          <xs:simpleType name='hex'><xs:restriction base='xs:string'><xs:pattern value='[0-9a-f]{4}'/></xs:restriction></xs:simpleType>
          <xs:simpleType name='anyText'><xs:restriction base='xs:token'><xs:pattern value='.*'/></xs:restriction></xs:simpleType>
          <xs:simpleType name='flag'><xs:restriction base='xs:boolean'><xs:pattern value='true|false'/></xs:restriction></xs:simpleType>
          <xs:complexType name='base'>
            <xs:sequence><xs:element name='a' type='r:color'/><xs:element name='b' type='r:small' minOccurs='0' maxOccurs='3'/></xs:sequence>
            <xs:attribute name='id' type='xs:ID' use='required'/>
            <xs:anyAttribute namespace='##targetNamespace'/>
          </xs:complexType>
          <xs:complexType name='derived'>
            <xs:complexContent><xs:extension base='r:base'>
              <xs:choice><xs:element name='c' type='r:either' nillable='true'/><xs:any namespace='##other' processContents='lax'/></xs:choice>
              <xs:attribute name='when' type='xs:dateTime'/>
            </xs:extension></xs:complexContent>
          </xs:complexType>
          <xs:complexType name='measured'>
            <xs:simpleContent><xs:extension base='xs:decimal'><xs:attribute name='unit' type='xs:string'/></xs:extension></xs:simpleContent>
          </xs:complexType>
          <xs:complexType name='bounded'>
            <xs:simpleContent><xs:restriction base='r:measured'><xs:maxInclusive value='100'/></xs:restriction></xs:simpleContent>
          </xs:complexType>
          <xs:element name='head' type='r:base' abstract='true'/>
          <xs:element name='member' type='r:derived' substitutionGroup='r:head'/>
          <xs:element name='root'>
            <xs:complexType mixed='true'>
              <xs:sequence>
                <xs:element ref='r:head' maxOccurs='unbounded'/>
                <xs:element name='m' type='r:bounded' minOccurs='0'/>
                <xs:element name='l' type='r:pair' minOccurs='0'/>
                <xs:element name='h' type='r:hex' minOccurs='0'/>
                <xs:element name='t' type='r:anyText' minOccurs='0'/>
                <xs:element name='f' type='r:flag' minOccurs='0'/>
                <xs:element name='v' type='r:level' minOccurs='0'/>
                <xs:element name='all' minOccurs='0'>
                  <xs:complexType><xs:all><xs:element name='x' type='xs:gYear'/><xs:element name='y' type='xs:hexBinary' minOccurs='0'/></xs:all></xs:complexType>
                </xs:element>
                <xs:any namespace='##local urn:test:other' minOccurs='0' maxOccurs='2'/>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
          <xs:attribute name='global' type='xs:NMTOKENS'/>
        </xs:schema>
        """;

    private const string Base = """
        <xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:a='urn:test:a' targetNamespace='urn:test:a' elementFormDefault='qualified'>
          <xs:complexType name='thing'><xs:sequence><xs:element name='part' type='xs:string'/></xs:sequence></xs:complexType>
          <xs:simpleType name='code'><xs:restriction base='xs:string'><xs:enumeration value='x'/><xs:enumeration value='y'/></xs:restriction></xs:simpleType>
          <xs:element name='head' type='a:thing'/>
          <xs:attribute name='code' type='a:code'/>
        </xs:schema>
        """;

    private const string User = """
        <xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:a='urn:test:a' xmlns:b='urn:test:b' targetNamespace='urn:test:b' elementFormDefault='qualified'>
          <xs:import namespace='urn:test:a'/>
          <xs:simpleType name='narrow'><xs:restriction base='a:code'><xs:enumeration value='x'/></xs:restriction></xs:simpleType>
          <xs:element name='other' type='a:thing' substitutionGroup='a:head'/>
          <xs:element name='use'>
            <xs:complexType><xs:sequence><xs:element ref='a:head'/><xs:element name='n' type='b:narrow'/></xs:sequence><xs:attribute ref='a:code'/></xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    private const string Extends = """
        <xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:a='urn:test:a' targetNamespace='urn:test:c'>
          <xs:import namespace='urn:test:a'/>
          <xs:complexType name='more'><xs:complexContent><xs:extension base='a:thing'><xs:sequence><xs:element name='z' type='xs:int'/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
        </xs:schema>
        """;

    [TestMethod]
    public void FromGrammarFiles_EveryConstruct_SameGrammarsAsFromTheDocument()
    {
        IReadOnlyList<ExiGrammarFile> files = Compile(Rich);

        Assert.AreEqual(GrammarDump.Of(ExiSchema.FromXml([Rich])), GrammarDump.Of(ExiSchema.FromGrammarFiles(files)));
        Assert.AreEqual("urn:test:rich", files[0].TargetNamespace);
    }

    [TestMethod]
    public void FromGrammarFiles_AcrossDocuments_SameGrammarsAsFromTheDocuments()
    {
        IReadOnlyList<ExiGrammarFile> files = Compile(Base, User);

        Assert.AreEqual(GrammarDump.Of(ExiSchema.FromXml([Base, User])), GrammarDump.Of(ExiSchema.FromGrammarFiles(files)));
        Assert.AreEqual(GrammarDump.Of(ExiSchema.FromXml([Base, User])), GrammarDump.Of(ExiSchema.FromGrammarFiles(files.Reverse())), "the order of the files does not matter");
    }

    [TestMethod]
    public void FromGrammarFiles_AFileAlone_CodesADocumentExactlyAsTheDocumentDoes()
    {
        ExiSchema fromFiles = ExiSchema.FromGrammarFiles(Compile(Rich));
        const string xml = "<root xmlns='urn:test:rich'>text<member id='i1'><a>green</a><b>-3</b><b>8</b><c>2026-12-06</c></member><l>1 2</l><h>beef</h><f>true</f><v>2</v><all><y>0F</y><x>2026</x></all></root>";

        foreach (bool strict in (bool[])[false, true])
        {
            byte[] expected = ExiCodec.EncodeXml(xml, new ExiOptions { Schema = ExiSchema.FromXml([Rich]), Strict = strict });
            byte[] actual = ExiCodec.EncodeXml(xml, new ExiOptions { Schema = fromFiles, Strict = strict });
            CollectionAssert.AreEqual(expected, actual, strict ? "strict" : "non-strict");
            Assert.AreEqual(ExiCodec.DecodeToXml(expected, new ExiOptions { Schema = ExiSchema.FromXml([Rich]), Strict = strict }), ExiCodec.DecodeToXml(actual, new ExiOptions { Schema = fromFiles, Strict = strict }));
        }
    }

    [TestMethod]
    public void Compile_TheSameDocumentTwice_TheSameBytes()
    {
        CollectionAssert.AreEqual(Compile(Base, User)[1].Content.ToArray(), Compile(User, Base)[0].Content.ToArray());
    }

    [TestMethod]
    public void Compile_DerivationFromAnotherDocumentsLocalElements_RefusedNamingTheDocument()
    {
        var e = Assert.ThrowsExactly<ExiSchemaException>(() => Compile(Base, Extends));

        StringAssert.Contains(e.Message, "extends.xsd");
        StringAssert.Contains(e.Message, "another document");
    }

    [TestMethod]
    public void FromGrammarFiles_AnImportedFileMissing_RefusedNamingTheFileAndTheName()
    {
        ExiGrammarFile user = Compile(Base, User)[1];

        var e = Assert.ThrowsExactly<ExiSchemaException>(() => ExiSchema.FromGrammarFiles([user]));

        StringAssert.Contains(e.Message, "'user.xsd'");
        StringAssert.Contains(e.Message, "urn:test:a:");
    }

    [TestMethod]
    public void FromGrammarFiles_TwoFilesDeclaringTheSameName_Refused()
    {
        ExiGrammarFile first = Compile(Base)[0];

        var e = Assert.ThrowsExactly<ExiSchemaException>(() => ExiSchema.FromGrammarFiles([first, first]));

        StringAssert.Contains(e.Message, "is declared both in");
    }

    [TestMethod]
    public void FromBytes_NotAGrammarFile_RefusedNamingIt()
    {
        var e = Assert.ThrowsExactly<ExiSchemaException>(() => ExiGrammarFile.FromBytes("<xs:schema/>"u8, "thing.xsd.exig"));

        Assert.AreEqual("'thing.xsd.exig' is not an EXI grammar file (it does not start with \"EXIG\").", e.Message);
    }

    [TestMethod]
    public void FromBytes_AnotherFormatVersion_RefusedWithTheCommandToRun()
    {
        byte[] bytes = Compile(Base)[0].Content.ToArray();
        bytes[4] = 2;

        var e = Assert.ThrowsExactly<ExiSchemaException>(() => ExiGrammarFile.FromBytes(bytes, "base.xsd.exig"));

        StringAssert.Contains(e.Message, "has format 2; this Edge reads format 1");
        StringAssert.Contains(e.Message, "edge-gateway exi compile");
    }

    [TestMethod]
    public void FromBytes_EveryTruncation_RefusedAsCorrupt()
    {
        byte[] bytes = Compile(Rich)[0].Content.ToArray();
        for (int length = 4; length < bytes.Length; length++)
        {
            var e = Assert.ThrowsExactly<ExiSchemaException>(() => ExiGrammarFile.FromBytes(bytes.AsSpan(0, length), "rich.xsd.exig"), $"cut at {length}");
            StringAssert.Contains(e.Message, "EXI grammar file 'rich.xsd.exig' is corrupt", $"cut at {length}");
        }
    }

    [TestMethod]
    public void FromBytes_TrailingData_RefusedAsCorrupt()
    {
        byte[] bytes = [.. Compile(Base)[0].Content.ToArray(), 0];

        var e = Assert.ThrowsExactly<ExiSchemaException>(() => ExiGrammarFile.FromBytes(bytes, "base.xsd.exig"));

        StringAssert.Contains(e.Message, "data after the end");
    }

    [TestMethod]
    public void FromGrammarFiles_ASimpleTypeRestrictingItself_RefusedAsCorrupt()
    {
        // Assembled by hand after GrammarFileFormat: one global simple type {urn:t}t whose restriction base is itself.
        byte[] bytes =
        [
            .. "EXIG"u8, 1, 0, .. new byte[16], 0, 0,       // version 1, source 0 bytes, MD5, target namespace string 0, no imports
            2, 5, .. "urn:t"u8, 1, .. "t"u8,                 // strings: "urn:t", "t"
            1, 0, 1,                                         // names: {urn:t}t
            0, 0, 0,                                         // no wildcards, elements, attributes
            1, 0,                                            // one type, simple
            1, 0, 0, 1, 12, 0, 0, 0, 1,                      // name 0, no base, no facets, restricts record 0, code, atomic, no item, preserve, "t"
            0, 0, 1, 1,                                      // globals: the type
        ];
        ExiGrammarFile file = ExiGrammarFile.FromBytes(bytes, "loop.xsd.exig");

        var e = Assert.ThrowsExactly<ExiSchemaException>(() => ExiSchema.FromGrammarFiles([file]));

        StringAssert.Contains(e.Message, "EXI grammar file 'loop.xsd.exig' is corrupt: the simple type urn:t:t derives from itself");
    }

    [TestMethod]
    public void IsCompiledFrom_TheSourceBytesOnly()
    {
        ExiGrammarFile file = Compile(Base)[0];

        Assert.IsTrue(file.IsCompiledFrom(Encoding.UTF8.GetBytes(Base)));
        Assert.IsFalse(file.IsCompiledFrom(Encoding.UTF8.GetBytes(Base + " ")));
    }

    [TestMethod]
    public void BuiltInTypes_CodeAndVarietyAsSystemXmlSchemaHasThem()
    {
        Assert.AreEqual(46, XsdBuiltInTypes.Names.Count);
        foreach (string name in XsdBuiltInTypes.Names.Where(n => n != "anyType"))
        {
            XmlSchemaSimpleType bcl = XmlSchemaType.GetBuiltInSimpleType(new XmlQualifiedName(name, XsdBuiltInTypes.Namespace))!;
            var ours = (XsdSimpleType)XsdBuiltInTypes.Find(name)!;
            XsdVariety variety = bcl.Datatype!.Variety switch
            {
                XmlSchemaDatatypeVariety.List => XsdVariety.List,
                XmlSchemaDatatypeVariety.Union => XsdVariety.Union,
                _ => XsdVariety.Atomic,
            };
            Assert.AreEqual(variety, ours.Variety, name);
            if (variety == XsdVariety.Atomic)
            {
                Assert.AreEqual(bcl.TypeCode, ours.Code, name);
            }
        }
    }

    /// <summary>Compiles documents given as text (named by their target namespace's last part) into grammar files.</summary>
    private static IReadOnlyList<ExiGrammarFile> Compile(params string[] documents) => ExiGrammarFiles.Compile(
        documents.Select(d => ((ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(d), NameOf(d))));

    private static string NameOf(string document) => document switch
    {
        Base => "base.xsd",
        User => "user.xsd",
        Extends => "extends.xsd",
        _ => "rich.xsd",
    };
}
