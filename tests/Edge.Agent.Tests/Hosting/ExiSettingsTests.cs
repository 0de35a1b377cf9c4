using Edge.Agent.Hosting;
using Edge.Xmpp;

namespace Edge.Agent.Tests.Hosting;

/// <summary><c>Xmpp:Exi</c> reaches the agent's <see cref="XmppClientOptions"/>, and bad values are named at start.</summary>
[TestClass]
public sealed class ExiSettingsTests
{
    [TestMethod]
    public void Load_Default_ExiOff()
    {
        using var folder = new AgentFolder();
        var settings = AgentSettings.Load(folder.Root, null, folder.ValidOverrides());

        Assert.AreEqual(0, settings.Errors.Count, string.Join("\n", settings.Errors));
        Assert.AreEqual(XmppExiMode.Off, settings.Xmpp.Exi.Mode);
        Assert.AreEqual("bit-packed", settings.Xmpp.Exi.Alignment);
    }

    [TestMethod]
    public void Load_ExiSettings_BoundIntoTheClientOptions()
    {
        using var folder = new AgentFolder();
        var schema = WriteCompiledSchema(folder);
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Exi:Mode"] = "require";
        overrides["Xmpp:Exi:Alignment"] = "pre-compression";
        overrides["Xmpp:Exi:Strict"] = "true";
        overrides["Xmpp:Exi:SchemaFiles:0"] = schema;
        overrides["Xmpp:Exi:UploadMissingSchemas"] = "false";

        var settings = AgentSettings.Load(folder.Root, null, overrides);

        Assert.AreEqual(0, settings.Errors.Count, string.Join("\n", settings.Errors));
        var exi = settings.Xmpp.Exi;
        Assert.AreEqual(XmppExiMode.Require, exi.Mode);
        Assert.AreEqual("pre-compression", exi.Alignment);
        Assert.IsTrue(exi.Strict);
        CollectionAssert.AreEqual(new[] { schema }, exi.SchemaFiles.ToArray());
        Assert.IsFalse(exi.UploadMissingSchemas);
    }

    [TestMethod]
    public void Load_BadExiValues_EachNamedWithItsKey()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Exi:Mode"] = "sometimes";
        overrides["Xmpp:Exi:Alignment"] = "zip";
        overrides["Xmpp:Exi:SchemaFiles:0"] = Path.Combine(folder.Root, "missing.xsd");

        var settings = AgentSettings.Load(folder.Root, null, overrides);

        Assert.IsTrue(settings.Errors.Any(e => e.StartsWith("Xmpp:Exi:Mode 'sometimes'", StringComparison.Ordinal)), string.Join("\n", settings.Errors));
        Assert.IsTrue(settings.Errors.Contains("Xmpp:Exi:Alignment 'zip' is not bit-packed, byte-alignment, pre-compression or compression."), string.Join("\n", settings.Errors));
        Assert.IsTrue(settings.Errors.Any(e => e.StartsWith("Xmpp:Exi:SchemaFiles '", StringComparison.Ordinal) && e.EndsWith("missing.xsd' does not exist.", StringComparison.Ordinal)), string.Join("\n", settings.Errors));
    }

    [TestMethod]
    public void Load_ExtraSchemaWithoutItsGrammarFile_RefusedNamingTheFileAndTheCommand()
    {
        using var folder = new AgentFolder();
        var schema = WriteCompiledSchema(folder);
        File.Delete(Edge.Exi.ExiGrammarFile.PathFor(schema));
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Exi:Mode"] = "require";
        overrides["Xmpp:Exi:SchemaFiles:0"] = schema;

        var settings = AgentSettings.Load(folder.Root, null, overrides);

        var error = settings.Errors.Single(e => e.StartsWith("Xmpp:Exi:SchemaFiles '", StringComparison.Ordinal));
        StringAssert.Contains(error, $"has no grammar file '{schema}.exig'");
        StringAssert.Contains(error, "edge-gateway exi compile " + schema);
    }

    [TestMethod]
    public void Load_ExtraSchemaChangedAfterCompiling_RefusedAsStale()
    {
        using var folder = new AgentFolder();
        var schema = WriteCompiledSchema(folder);
        File.WriteAllText(schema, ExtraSchema.Replace("name='x'", "name='y'", StringComparison.Ordinal));
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Exi:Mode"] = "require";
        overrides["Xmpp:Exi:SchemaFiles:0"] = schema;

        var settings = AgentSettings.Load(folder.Root, null, overrides);

        var error = settings.Errors.Single(e => e.StartsWith("Xmpp:Exi:SchemaFiles '", StringComparison.Ordinal));
        StringAssert.Contains(error, "was compiled from another version of");
        StringAssert.Contains(error, "edge-gateway exi compile " + schema);
    }

    [TestMethod]
    public void Load_ExtraSchemaWithACorruptGrammarFile_RefusedAsCorrupt()
    {
        using var folder = new AgentFolder();
        var schema = WriteCompiledSchema(folder);
        var grammar = Edge.Exi.ExiGrammarFile.PathFor(schema);
        var bytes = File.ReadAllBytes(grammar);
        File.WriteAllBytes(grammar, bytes[..(bytes.Length / 2)]);
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Exi:Mode"] = "require";
        overrides["Xmpp:Exi:SchemaFiles:0"] = schema;

        var settings = AgentSettings.Load(folder.Root, null, overrides);

        var error = settings.Errors.Single(e => e.StartsWith("Xmpp:Exi:SchemaFiles '", StringComparison.Ordinal));
        StringAssert.Contains(error, $"EXI grammar file '{grammar}' is corrupt");
    }

    private const string ExtraSchema = "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:example:extra'><xs:element name='x'/></xs:schema>";

    /// <summary>An extra schema file with its grammar file beside it, as <c>edge-gateway exi compile</c> writes it.</summary>
    private static string WriteCompiledSchema(AgentFolder folder)
    {
        var schema = folder.Write("extra.xsd", ExtraSchema);
        File.WriteAllBytes(Edge.Exi.ExiGrammarFile.PathFor(schema), Edge.Exi.ExiGrammarFiles.CompileFiles([schema])[0].Content.ToArray());
        return schema;
    }
}
