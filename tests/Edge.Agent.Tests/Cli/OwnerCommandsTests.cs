using Edge.Agent.Cli;
using Edge.Iot.Discovery;
using Edge.Xmpp;

namespace Edge.Agent.Tests.Cli;

/// <summary>The owner's verbs before any connection: claim strings, search conditions, JIDs, and the one-line refusals.</summary>
[TestClass]
public sealed class OwnerCommandsTests
{
    private static readonly Jid Registry = Jid.Parse("registry.example.org");

    [TestMethod]
    [DataRow("MAN=acme", SearchOperatorKind.StrEq, "MAN", "acme")]
    [DataRow("man!=acme", SearchOperatorKind.StrNEq, "MAN", "acme")]
    [DataRow("SN>AB", SearchOperatorKind.StrGt, "SN", "AB")]
    [DataRow("SN>=AB", SearchOperatorKind.StrGtEq, "SN", "AB")]
    [DataRow("SN<AB", SearchOperatorKind.StrLt, "SN", "AB")]
    [DataRow("SN<=AB", SearchOperatorKind.StrLtEq, "SN", "AB")]
    [DataRow("SN~ab*", SearchOperatorKind.StrMask, "SN", "ab*")]
    [DataRow("$V=1.2b", SearchOperatorKind.StrEq, "V", "1.2b")]
    [DataRow("ROOM=a=b", SearchOperatorKind.StrEq, "ROOM", "a=b")]
    public void Parse_StringConditions(string text, SearchOperatorKind kind, string name, string value)
    {
        var op = ThingSearchSyntax.Parse(text);

        Assert.AreEqual(kind, op.Kind);
        Assert.AreEqual(name, op.Name);
        Assert.AreEqual(value, op.Text);
        Assert.AreEqual(kind == SearchOperatorKind.StrMask ? "*" : null, op.Wildcard);
    }

    [TestMethod]
    [DataRow("V=2", SearchOperatorKind.NumEq, 2.0)]
    [DataRow("V!=2", SearchOperatorKind.NumNEq, 2.0)]
    [DataRow("V>2", SearchOperatorKind.NumGt, 2.0)]
    [DataRow("V>=2.5", SearchOperatorKind.NumGtEq, 2.5)]
    [DataRow("lat<-33.5", SearchOperatorKind.NumLt, -33.5)]
    [DataRow("#FLOOR<=3", SearchOperatorKind.NumLtEq, 3.0)]
    public void Parse_NumericConditions(string text, SearchOperatorKind kind, double value)
    {
        var op = ThingSearchSyntax.Parse(text);

        Assert.AreEqual(kind, op.Kind);
        Assert.AreEqual(value, op.Number);
        Assert.IsTrue(op.IsNumeric);
    }

    [TestMethod]
    public void Parse_Ranges_InsideAndOutside_EndsIncluded()
    {
        var inside = ThingSearchSyntax.Parse("LAT=59..60");
        var outside = ThingSearchSyntax.Parse("SN!=A..M");

        Assert.AreEqual(SearchOperatorKind.NumRange, inside.Kind);
        Assert.AreEqual((59.0, 60.0, true, true), (inside.NumberMin, inside.NumberMax, inside.MinIncluded, inside.MaxIncluded));
        Assert.AreEqual(SearchOperatorKind.StrNRange, outside.Kind);
        Assert.AreEqual(("A", "M"), (outside.TextMin, outside.TextMax));
        Assert.IsTrue(inside.Matches([MetaTag.Numeric("LAT", 60)]));
        Assert.IsFalse(outside.Matches([MetaTag.String("SN", "C")]));
    }

    [TestMethod]
    [DataRow("MAN", "is not a condition")]
    [DataRow("=acme", "is not a condition")]
    [DataRow("V>=two", "'two' is not a number (V compares as a number; write $V")]
    [DataRow("V~1*", "no numeric mask")]
    [DataRow("BAD NAME=x", "white space")]
    public void Parse_Bad_SaysWhy(string text, string expected)
    {
        var e = Assert.ThrowsExactly<CommandLineException>(() => ThingSearchSyntax.Parse(text));

        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void ParseClaim_BothForms_RegistryFromR()
    {
        var uri = OwnerCommands.ParseClaim(["iotdisco:SN=1;MAN=acme;#V=1.2;KEY=abc;R=registry.example.org"]);
        var old = OwnerCommands.ParseClaim(["IoTDisco;SN:1;MAN:acme;#V:1.2;KEY:abc"]);

        Assert.AreEqual(Registry, uri.Registry);
        Assert.IsNull(old.Registry);
        CollectionAssert.AreEquivalent(uri.Tags.ToArray(), old.Tags.ToArray());
    }

    [TestMethod]
    [DataRow(new string[0], "Give the device's claim string")]
    [DataRow(new[] { "SN=1;KEY=2" }, "is not a claim string: A claim string starts with 'iotdisco:'")]
    [DataRow(new[] { "iotdisco:SN=1;MAN=acme" }, "holds no KEY")]
    [DataRow(new[] { "iotdisco:KEY=1", "iotdisco:KEY=2" }, "one argument")]
    public void ParseClaim_Bad_SaysWhy(string[] positionals, string expected)
    {
        var e = Assert.ThrowsExactly<CommandLineException>(() => OwnerCommands.ParseClaim(positionals));

        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void Refusals_AreOneLineAndActionable()
    {
        var thing = new ThingReference(Jid.Parse("dev1@example.org"), ThingNode.None);
        var messages = new[]
        {
            OwnerCommands.ClaimRefusal(Registry),
            OwnerCommands.DisownRefusal(Registry, thing, "not-allowed"),
            OwnerCommands.DisownRefusal(Registry, thing, "item-not-found"),
            RegistrySession.Refusal(Registry, new StanzaError("cancel", "service-unavailable")),
            RegistrySession.Refusal(Registry, new StanzaError("modify", "not-acceptable", "More than 30 meta tags.")),
        };

        StringAssert.Contains(messages[0], "the KEY is wrong");
        StringAssert.Contains(messages[0], "claimed already");
        StringAssert.Contains(messages[1], "dev1@example.org is offline");
        StringAssert.Contains(messages[2], "has no device dev1@example.org owned by you");
        StringAssert.Contains(messages[3], "registry.example.org is unreachable (service-unavailable)");
        StringAssert.Contains(messages[4], "refused the request: not-acceptable — More than 30 meta tags.");
        Assert.IsTrue(messages.All(m => !m.Contains('\n', StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Verbs_BadArguments_AreUsageErrorsBeforeAnyConnection()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var ct = CancellationToken.None;

        var disown = await Assert.ThrowsExactlyAsync<CommandLineException>(() =>
            OwnerCommands.DisownAsync(new CommandLine(["--jid", "o@example.org", "--password", "p"], OwnerCommands.Flags), output, error, ct));
        var remove = await Assert.ThrowsExactlyAsync<CommandLineException>(() =>
            OwnerCommands.RemoveAsync(new CommandLine(["not a jid@", "--jid", "o@example.org"], OwnerCommands.Flags), output, error, ct));
        var things = await Assert.ThrowsExactlyAsync<CommandLineException>(() =>
            ThingsCommand.RunAsync(["search", "--jid", "o@example.org", "--password", "p"], output, error, ct));
        var unknown = await Assert.ThrowsExactlyAsync<CommandLineException>(() =>
            OwnerCommands.ClaimAsync(new CommandLine(["iotdisco:KEY=1", "--public", "yes"], OwnerCommands.Flags), output, error, ct));

        StringAssert.Contains(disown.Message, "Give the device's JID: edge disown");
        StringAssert.Contains(remove.Message, "is not a JID");
        StringAssert.Contains(things.Message, "at least one condition");
        StringAssert.Contains(unknown.Message, "Unknown option --public");
    }
}
