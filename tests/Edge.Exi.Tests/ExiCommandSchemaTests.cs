using Edge.Exi.Tool;

namespace Edge.Exi.Tests;

/// <summary>The command line's schema flags: --schema FILE, --schema-set NAME, --strict.</summary>
[TestClass]
public sealed class ExiCommandSchemaTests
{
    [TestMethod]
    public void Run_SchemaSetStrict_MatchesIndependentVector()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string output = Path.Combine(dir, "out.exi");
            var err = new StringWriter();

            int code = ExiCommand.Run(["encode", Path.Combine(Vectors.Directory, "fields10.xml"), output, "--schema-set", "xmpp", "--strict"], TextWriter.Null, err);

            Assert.AreEqual(0, code, err.ToString());
            CollectionAssert.AreEqual(Vectors.Exi("fields10", "schema-strict"), File.ReadAllBytes(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_SchemaFileByteAligned_MatchesIndependentVector()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string output = Path.Combine(dir, "out.exi");
            var err = new StringWriter();

            int code = ExiCommand.Run(
                ["encode", Path.Combine(Vectors.Directory, "typed-valid.xml"), output, "--schema", Path.Combine(Vectors.Directory, "typed.xsd"), "--alignment", "byte"],
                TextWriter.Null,
                err);

            Assert.AreEqual(0, code, err.ToString());
            CollectionAssert.AreEqual(Vectors.Exi("typed-valid", "schema-byte"), File.ReadAllBytes(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_SchemaSetWithOptions_DecodesWithoutSchemaFlag()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string exi = Path.Combine(dir, "out.exi");
            var err = new StringWriter();
            int encoded = ExiCommand.Run(["encode", Path.Combine(Vectors.Directory, "control-set.xml"), exi, "--schema-set", "xmpp", "--include-options"], TextWriter.Null, err);
            var stdout = new StringWriter();

            int decoded = ExiCommand.Run(["decode", exi, "-"], stdout, err);

            Assert.AreEqual(0, encoded, err.ToString());
            Assert.AreEqual(0, decoded, err.ToString());
            StringAssert.Contains(stdout.ToString(), "value=\"165E-1\"", "the double comes back in canonical EXI float form");
            Assert.AreEqual(
                XmlEquivalence.Canonical(Vectors.Decoded("control-set", "schema"), collapseWhitespace: true),
                XmlEquivalence.Canonical(stdout.ToString(), collapseWhitespace: true));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_StrictWithInvalidDocument_ReturnsOneNamingTheEvent()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string xml = Path.Combine(dir, "in.xml");
            File.WriteAllText(xml, "<iq xmlns='jabber:client' id='1' type='get' bogus='x'/>");
            var err = new StringWriter();

            int code = ExiCommand.Run(["encode", xml, Path.Combine(dir, "out.exi"), "--schema-set", "xmpp", "--strict"], TextWriter.Null, err);

            Assert.AreEqual(1, code);
            StringAssert.Contains(err.ToString(), "AT {}bogus");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_InvalidSchemaFile_ReturnsOneWithFileAndLine()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string xsd = Path.Combine(dir, "bad.xsd");
            File.WriteAllText(xsd, "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>\n  <xs:element name='a' type='NoSuchType'/>\n</xs:schema>");
            var err = new StringWriter();

            int code = ExiCommand.Run(["encode", Path.Combine(Vectors.Directory, "fields2.xml"), Path.Combine(dir, "out.exi"), "--schema", xsd], TextWriter.Null, err);

            Assert.AreEqual(1, code);
            StringAssert.Contains(err.ToString(), "bad.xsd(2,");
            StringAssert.Contains(err.ToString(), "NoSuchType");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_UnknownSchemaSet_ReturnsTwo()
    {
        var err = new StringWriter();

        int code = ExiCommand.Run(["encode", "a.xml", "b.exi", "--schema-set", "nope"], TextWriter.Null, err);

        Assert.AreEqual(2, code);
        StringAssert.Contains(err.ToString(), "Unknown schema set 'nope'");
    }
}
