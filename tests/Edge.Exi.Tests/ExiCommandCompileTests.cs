using Edge.Exi.Tool;

namespace Edge.Exi.Tests;

/// <summary><c>exi compile SCHEMA.xsd …</c>: the grammar file beside each schema, and a schema that does not compile.</summary>
[TestClass]
public sealed class ExiCommandCompileTests
{
    [TestMethod]
    public void Run_Compile_WritesTheGrammarFileBesideTheSchema_ThatCodesAsTheSchemaDoes()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string schema = Path.Combine(dir, "typed.xsd");
            File.Copy(Path.Combine(Vectors.Directory, "typed.xsd"), schema);
            var output = new StringWriter();
            var err = new StringWriter();

            int code = ExiCommand.Run(["compile", schema], output, err);

            Assert.AreEqual(0, code, err.ToString());
            StringAssert.StartsWith(output.ToString(), schema + ".exig: ");
            var grammar = ExiGrammarFile.Load(schema + ".exig");
            Assert.IsTrue(grammar.IsCompiledFrom(File.ReadAllBytes(schema)));
            string xml = File.ReadAllText(Path.Combine(Vectors.Directory, "typed-valid.xml"));
            CollectionAssert.AreEqual(
                ExiCodec.EncodeXml(xml, new ExiOptions { Schema = ExiSchema.Load(schema) }),
                ExiCodec.EncodeXml(xml, new ExiOptions { Schema = ExiSchema.FromGrammarFiles([grammar]) }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Run_CompileAnInvalidSchema_ExitOneNamingTheProblemAndNoFile()
    {
        string dir = Directory.CreateTempSubdirectory("exi-cmd").FullName;
        try
        {
            string schema = Path.Combine(dir, "bad.xsd");
            File.WriteAllText(schema, "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='a' type='nope'/></xs:schema>");
            var err = new StringWriter();

            int code = ExiCommand.Run(["compile", schema], TextWriter.Null, err);

            Assert.AreEqual(1, code);
            StringAssert.Contains(err.ToString(), "Invalid XML Schema");
            Assert.IsFalse(File.Exists(schema + ".exig"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
