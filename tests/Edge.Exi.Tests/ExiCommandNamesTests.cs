using System.Text;
using Edge.Exi.Tool;

namespace Edge.Exi.Tests;

/// <summary>
/// <c>edge-gateway exi</c>: the EXI 1.0 §5.4 alignment names (as XEP-0322 uses them) next to the short ones, and decoded XML as
/// UTF-8 without a byte order mark, a document with an XML declaration (issue 13, "Command line").
/// </summary>
[TestClass]
public sealed class ExiCommandNamesTests
{
    private static readonly string[] Names = ["bit-packed", "byte-alignment", "pre-compression", "compression"];

    [TestMethod]
    [DataRow("bit-packed", "bitpacked")]
    [DataRow("byte-alignment", "byte")]
    [DataRow("pre-compression", "precompression")]
    public void Run_AlignmentBySpecName_SameBytesAsTheShortName(string specName, string shortName)
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string bySpec = Path.Combine(dir, "spec.exi");
            string byShort = Path.Combine(dir, "short.exi");
            string input = Path.Combine(Vectors.Directory, "fields10.xml");

            int code = ExiCommand.Run(["encode", input, bySpec, "--alignment", specName, "--include-options"], TextWriter.Null, TextWriter.Null);
            int shortCode = ExiCommand.Run(["encode", input, byShort, "--alignment", shortName, "--include-options"], TextWriter.Null, TextWriter.Null);

            Assert.AreEqual(0, code);
            Assert.AreEqual(0, shortCode);
            CollectionAssert.AreEqual(File.ReadAllBytes(byShort), File.ReadAllBytes(bySpec));
            CollectionAssert.AreEqual(
                ExiCodec.EncodeXml(Vectors.Xml("fields10"), new ExiOptions { Alignment = (ExiAlignment)Array.IndexOf(Names, specName), IncludeOptions = true }),
                File.ReadAllBytes(bySpec),
                "the alignment the spec name means");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_UnknownAlignment_UsageNamesTheSpecNames()
    {
        var err = new StringWriter();

        int code = ExiCommand.Run(["encode", "a.xml", "b.exi", "--alignment", "zip"], TextWriter.Null, err);

        Assert.AreEqual(2, code);
        StringAssert.Contains(err.ToString(), "Unknown alignment 'zip' (bit-packed, byte-alignment, pre-compression or compression)");
        StringAssert.Contains(err.ToString(), "--alignment bit-packed|byte-alignment|pre-compression|compression");
    }

    [TestMethod]
    public void Run_DecodeToFile_Utf8WithoutBomWithDeclaration()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string exi = Path.Combine(dir, "in.exi");
            string xml = Path.Combine(dir, "out.xml");
            File.WriteAllBytes(exi, ExiCodec.EncodeXml("<m xmlns='urn:x'><unit>°C</unit></m>"));

            int code = ExiCommand.Run(["decode", exi, xml, "--alignment", "bit-packed"], TextWriter.Null, TextWriter.Null);

            Assert.AreEqual(0, code);
            byte[] bytes = File.ReadAllBytes(xml);
            Assert.AreNotEqual(0xEF, bytes[0], "no byte order mark");
            string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            StringAssert.StartsWith(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<m xmlns=\"urn:x\">");
            StringAssert.Contains(text, "<unit>°C</unit>");
            CollectionAssert.IsSubsetOf(new byte[] { 0xC2, 0xB0 }, bytes, "° as UTF-8");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_DecodeToStdout_DeclarationThenDocument()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, ExiCodec.EncodeXml("<a><b>1</b></a>"));
            var stdout = new StringWriter();

            int code = ExiCommand.Run(["decode", file, "-"], stdout, TextWriter.Null);

            Assert.AreEqual(0, code);
            Assert.AreEqual("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a><b>1</b></a>", stdout.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void Run_DecodeFragment_NoDeclaration()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, ExiCodec.EncodeXml("<a/><b/>", new ExiOptions { Fragment = true, IncludeOptions = true }));
            var stdout = new StringWriter();

            int code = ExiCommand.Run(["decode", file, "-"], stdout, TextWriter.Null);

            Assert.AreEqual(0, code);
            Assert.AreEqual("<a></a><b></b>", stdout.ToString(), "an XML declaration cannot precede a fragment");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
