using Edge.Exi.Tool;

namespace Edge.Exi.Tests;

[TestClass]
public sealed class ExiCommandTests
{
    [TestMethod]
    public void Run_EncodeThenDecode_RoundTripsFile()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string xml = Path.Combine(dir, "in.xml");
            File.WriteAllText(xml, Vectors.Xml("control-set"));
            var err = new StringWriter();

            int encoded = ExiCommand.Run(["encode", xml, Path.Combine(dir, "out.exi"), "--alignment", "compression", "--include-options"], TextWriter.Null, err);
            var stdout = new StringWriter();
            int decoded = ExiCommand.Run(["decode", Path.Combine(dir, "out.exi"), "-"], stdout, err);

            Assert.AreEqual(0, encoded, err.ToString());
            Assert.AreEqual(0, decoded, err.ToString());
            Assert.AreEqual(XmlEquivalence.Canonical(Vectors.Xml("control-set")), XmlEquivalence.Canonical(stdout.ToString()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("byte")]
    [DataRow("byte-alignment")] // the EXI specification's name for it
    public void Run_EncodeMatchesIndependentVector_ByteForByte(string alignment)
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string output = Path.Combine(dir, "out.exi");

            int code = ExiCommand.Run(["encode", Path.Combine(Vectors.Directory, "fields10.xml"), output, "--alignment", alignment], TextWriter.Null, TextWriter.Null);

            Assert.AreEqual(0, code);
            CollectionAssert.AreEqual(Vectors.Exi("fields10", "byte"), File.ReadAllBytes(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_SelfContainedElementFlag_MatchesIndependentVector()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string output = Path.Combine(dir, "out.exi");

            int code = ExiCommand.Run(
                ["encode", Path.Combine(Vectors.Directory, "fields10.xml"), output, "--self-contained-element", "{urn:xmpp:iot:sensordata}node", "--include-options"],
                TextWriter.Null,
                TextWriter.Null);

            Assert.AreEqual(0, code);
            CollectionAssert.AreEqual(Vectors.Exi("fields10", "sc-node"), File.ReadAllBytes(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    [DataRow(new[] { "encode" })]
    [DataRow(new[] { "frobnicate", "a", "b" })]
    [DataRow(new[] { "encode", "a", "b", "--block-size", "x" })]
    [DataRow(new[] { "encode", "a", "b", "--no-such-flag" })]
    public void Run_BadUsage_ReturnsTwoWithUsage(string[] args)
    {
        var err = new StringWriter();

        int code = ExiCommand.Run(args, TextWriter.Null, err);

        Assert.AreEqual(2, code);
        StringAssert.Contains(err.ToString(), "usage: exi encode");
    }

    [TestMethod]
    public void Run_DecodeGarbage_ReturnsOneWithBitOffset()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, [0xFF, 0x00]);
            var err = new StringWriter();

            int code = ExiCommand.Run(["decode", file, "-"], TextWriter.Null, err);

            Assert.AreEqual(1, code);
            StringAssert.Contains(err.ToString(), "at bit 0");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
