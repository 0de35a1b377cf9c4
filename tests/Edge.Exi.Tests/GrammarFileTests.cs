using Edge.Exi.Internal.Schema;
using Edge.Testing;

namespace Edge.Exi.Tests;

/// <summary>
/// Grammar files (ExiGrammarFile): the grammars composed from them equal the grammars compiled from the XML Schema
/// documents; the built-in ones embedded in Edge.Exi are what the documents compile to today; bad files are refused
/// with a message that names them.
/// </summary>
[TestClass]
public sealed class GrammarFileTests
{
    private static readonly string SchemasFolder = Path.Combine(RepositoryPaths.Root, "src", "Edge.Exi", "Schemas");

    [TestMethod]
    public void BuiltInGrammarFiles_AreWhatTheDocumentsCompileToNow()
    {
        var stale = new List<string>();
        foreach (string document in ExiGrammarFiles.BuiltInDocuments)
        {
            ExiGrammarFile fresh = ExiGrammarFiles.CompileBuiltIn(document);
            ExiGrammarFile embedded = ExiSchema.BuiltInGrammarFile(document);
            if (!fresh.Content.Span.SequenceEqual(embedded.Content.Span))
            {
                stale.Add(document);
            }
        }

        Assert.AreEqual(0, stale.Count, $"Stale built-in grammar files: {string.Join(", ", stale)}. Regenerate them: dotnet run --project src/Edge.Gateway -- exi compile src/Edge.Exi/Schemas/*.xsd");
    }

    [TestMethod]
    public void Xmpp_FromGrammarFiles_EqualsTheGrammarsOfTheDocuments()
    {
        string fromDocuments = GrammarDump.Of(ExiSchema.Load(Path.Combine(SchemasFolder, "xmpp-iot.xsd")));

        Assert.AreEqual(fromDocuments, GrammarDump.Of(ExiSchema.Xmpp));
    }

    [TestMethod]
    public void XmppExiDefault_FromGrammarFiles_EqualsTheGrammarsOfTheDocuments()
    {
        string fromDocuments = GrammarDump.Of(ExiSchema.Load(Path.Combine(SchemasFolder, "xmpp-exi-default.xsd")));

        Assert.AreEqual(fromDocuments, GrammarDump.Of(ExiSchema.XmppExiDefault));
    }
}
