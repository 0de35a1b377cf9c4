using System.Security.Cryptography;
using System.Text;
using Edge.Exi;
using Edge.Testing;
using Edge.Xmpp.Exi;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>The schema set of XEP-0322 §2.2.2: namespaces, byte counts and MD5s of exact bytes; the canonical schema.</summary>
[TestClass]
public sealed class ExiSchemaSetTests
{
    [TestMethod]
    public void BuiltIn_EveryNamespaceOfTheXmppSet_WithItsBytesAndMd5()
    {
        var ids = ExiSchemaSet.BuiltIn.Ids;
        CollectionAssert.AreEqual(
            new[] { "http://jabber.org/protocol/pubsub", "http://www.w3.org/XML/1998/namespace", "jabber:client", "jabber:x:data", "urn:ietf:params:xml:ns:xmpp-stanzas", "urn:xmpp:iot:control", "urn:xmpp:iot:sensordata" },
            ids.Select(i => i.Namespace).ToArray());
        var root = Path.Combine(RepositoryPaths.Root, "src", "Edge.Exi", "Schemas");
        foreach (var file in ExiSchemaSet.BuiltIn.Files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, file.Name));
            Assert.AreEqual(bytes.LongLength, file.Id.Bytes, file.Name);
#pragma warning disable CA5351 // the XEP's identity hash
            Assert.AreEqual(Convert.ToHexStringLower(MD5.HashData(bytes)), file.Id.Md5Hash, file.Name);
#pragma warning restore CA5351
        }
    }

    [TestMethod]
    public void Compile_TheBuiltInList_IsExiSchemaXmpp()
    {
        Assert.AreSame(ExiSchema.Xmpp, ExiSchemaSet.BuiltIn.Compile(ExiSchemaSet.BuiltIn.Ids.Reverse()));
    }

    [TestMethod]
    public void Compile_TheBuiltInFilesAsTexts_CodesExactlyAsExiSchemaXmpp()
    {
        // The canonical schema (§3.10) built from the negotiated files must be the grammar the built-in set is, or
        // two sides, one holding an extra schema, would not understand each other on the built-in stanzas.
        var canonical = ExiSchema.FromXml(ExiSchemaSet.BuiltIn.Files.Select(f => Encoding.UTF8.GetString(f.Content.Span)));
        const string stanza = "<message xmlns='jabber:client' to='a@b/c'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='1' done='true'><node nodeId='n'><timestamp value='2026-11-23T09:00:00Z'><numeric name='T' momentary='true' value='21.5' unit='C'/></timestamp></node></fields></message>";
        CollectionAssert.AreEqual(
            ExiCodec.EncodeXml(stanza, new ExiOptions { Schema = ExiSchema.Xmpp, Strict = true }),
            ExiCodec.EncodeXml(stanza, new ExiOptions { Schema = canonical, Strict = true }));
    }

    [TestMethod]
    public void With_AnExtraFile_ListedAndCompiled()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-exi-{Guid.NewGuid():N}.xsd");
        File.WriteAllText(path, ExtraSchema);
        File.WriteAllBytes(ExiGrammarFile.PathFor(path), ExiGrammarFiles.CompileFiles([path])[0].Content.ToArray());
        try
        {
            var set = ExiSchemaSet.BuiltIn.WithFiles([path]);
            var extra = set.Ids.Single(i => i.Namespace == "urn:example:extra");
            Assert.AreEqual(new FileInfo(path).Length, extra.Bytes);
            var schema = set.Compile(set.Ids);
            Assert.IsTrue(schema.GlobalElements.Any(e => e.Namespace == "urn:example:extra" && e.Name == "thing"));
            Assert.AreNotSame(ExiSchema.Xmpp, schema);
            Assert.AreSame(schema, set.Compile(set.Ids), "compiled once and shared");
        }
        finally
        {
            File.Delete(path);
            File.Delete(ExiGrammarFile.PathFor(path));
        }
    }

    [TestMethod]
    public void Load_NotASchema_FormatExceptionNamingTheFile()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => ExiSchemaFile.FromBytes("<html/>"u8, "page.html"));
        StringAssert.Contains(e.Message, "page.html");
        StringAssert.Contains(e.Message, "its root is <html>");

        var broken = Assert.ThrowsExactly<FormatException>(() => ExiSchemaFile.FromBytes("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"u8, "cut.xsd"));
        StringAssert.Contains(broken.Message, "Schema 'cut.xsd' is not well-formed XML");

        var dtd = Assert.ThrowsExactly<FormatException>(() => ExiSchemaFile.FromBytes("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"u8, "dtd.xsd"));
        StringAssert.Contains(dtd.Message, "dtd.xsd");
    }

    [TestMethod]
    public void FromBytes_DeclarationAndComments_TargetNamespaceOfTheRoot()
    {
        var text = "\uFEFF<?xml version='1.0' encoding='UTF-8'?>\n<!-- licence text -->\n" + ExtraSchema[ExtraSchema.IndexOf("<xs:schema", StringComparison.Ordinal)..];
        var file = ExiSchemaFile.FromBytes(Encoding.UTF8.GetBytes(text), "extra.xsd");
        Assert.AreEqual("urn:example:extra", file.Id.Namespace);

        var none = ExiSchemaFile.FromBytes("<schema xmlns='http://www.w3.org/2001/XMLSchema'/>"u8, "none.xsd");
        Assert.AreEqual(string.Empty, none.Id.Namespace);
    }

    internal const string ExtraSchema = "<?xml version='1.0' encoding='UTF-8'?>\n<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:example:extra' elementFormDefault='qualified'>\n  <xs:element name='thing'><xs:complexType><xs:attribute name='level' type='xs:int'/></xs:complexType></xs:element>\n</xs:schema>\n";
}
