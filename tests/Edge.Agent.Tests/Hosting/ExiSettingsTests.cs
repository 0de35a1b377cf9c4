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
        var schema = folder.Write("extra.xsd", "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:example:extra'><xs:element name='x'/></xs:schema>");
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
}
