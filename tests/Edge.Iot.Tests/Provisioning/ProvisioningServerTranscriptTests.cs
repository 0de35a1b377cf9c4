using System.Xml.Linq;
using Edge.Iot.Provisioning.Service;
using Edge.Testing.Xmpp;
using Edge.Xmpp;
using Edge.Xmpp.AdHoc;

namespace Edge.Iot.Tests.Provisioning;

/// <summary>
/// The provisioning service over an XEP-0114 component: literal "server sends / component sends" transcripts of the
/// XEP-0324 questions, the owner's XEP-0050 rule commands and the clearCache they push.
/// </summary>
[TestClass]
public sealed class ProvisioningServerTranscriptTests
{
    private const string Thing = "thing@example.org/edge";
    private const string Owner = "owner@example.org/phone";
    private static readonly XNamespace Ns = "urn:xmpp:iot:provisioning";
    private static readonly XNamespace Cmd = "http://jabber.org/protocol/commands";
    private static readonly XNamespace Data = "jabber:x:data";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task IsFriend_OwnerStrangerAndUnclaimed_AnsweredPerRules()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, _) = await StartAsync(ct);
        await using var _h = h;

        Assert.AreEqual("true", (string?)(await AskAsync(h, Thing, "<isFriend xmlns='urn:xmpp:iot:provisioning' jid='owner@example.org/x'/>", ct))
            .Element(Ns + "isFriendResponse")!.Attribute("result"));
        var stranger = await AskAsync(h, Thing, "<isFriend xmlns='urn:xmpp:iot:provisioning' jid='stranger@example.org'/>", ct);
        Assert.AreEqual("false", (string?)stranger.Element(Ns + "isFriendResponse")!.Attribute("result"));
        Assert.AreEqual("stranger@example.org", (string?)stranger.Element(Ns + "isFriendResponse")!.Attribute("jid"));
        var unclaimed = await AskAsync(h, "other@example.org/x", "<isFriend xmlns='urn:xmpp:iot:provisioning' jid='owner@example.org'/>", ct);
        Assert.AreEqual("false", (string?)unclaimed.Element(Ns + "isFriendResponse")!.Attribute("result"), "an unclaimed thing has nobody to grant");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task AddReadRule_ViaAdHoc_ClearCachePushedThenStrangerGetsOnlyTheFields()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, _) = await StartAsync(ct);
        await using var _h = h;
        var canRead = "<canRead xmlns='urn:xmpp:iot:provisioning' jid='stranger@example.org' momentary='true' userToken='U1'/>";
        Assert.AreEqual("false", (string?)(await AskAsync(h, Thing, canRead, ct)).Element(Ns + "canReadResponse")!.Attribute("result"));

        // XEP-0050 §3.4: execute → form (executing, sessionid) → submit → completed; then the thing gets clearCache.
        await h.Server.SendAsync($"<iq type='set' id='a1' from='{Owner}' to='{ComponentHarness.Domain}'>"
            + $"<command xmlns='{Cmd.NamespaceName}' node='{RuleCommands.AddNode}' action='execute'/></iq>", ct);
        var form = await h.Server.ReadElementAsync(ct);
        var command = form.Element(Cmd + "command")!;
        Assert.AreEqual("executing", (string?)command.Attribute("status"), form.ToString());
        Assert.IsNotNull(command.Element(Data + "x"), "the rule form");
        var session = (string?)command.Attribute("sessionid");
        await h.Server.SendAsync($"<iq type='set' id='a2' from='{Owner}' to='{ComponentHarness.Domain}'>"
            + $"<command xmlns='{Cmd.NamespaceName}' node='{RuleCommands.AddNode}' sessionid='{session}' action='complete'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='thing'><value>thing@example.org</value></field>"
            + "<field var='requester'><value>stranger@example.org</value></field><field var='kind'><value>read</value></field>"
            + "<field var='names'><value>Temperature</value><value>Humidity</value></field></x></command></iq>", ct);
        var done = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("completed", (string?)done.Element(Cmd + "command")!.Attribute("status"), done.ToString());
        Assert.AreEqual("info", (string?)done.Element(Cmd + "command")!.Element(Cmd + "note")!.Attribute("type"), done.ToString());

        var push = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("set", (string?)push.Attribute("type"));
        Assert.AreEqual(Thing, (string?)push.Attribute("to"));
        Assert.IsNotNull(push.Element(Ns + "clearCache"), push.ToString());
        await h.Server.SendAsync($"<iq type='result' id='{(string?)push.Attribute("id")}' from='{Thing}' to='{ComponentHarness.Domain}'>"
            + "<clearCacheResponse xmlns='urn:xmpp:iot:provisioning'/></iq>", ct);

        var allowed = (await AskAsync(h, Thing, canRead, ct)).Element(Ns + "canReadResponse")!;
        Assert.AreEqual("true", (string?)allowed.Attribute("result"));
        CollectionAssert.AreEquivalent(new[] { "Humidity", "Temperature" }, allowed.Elements(Ns + "field").Select(f => (string?)f.Attribute("name")).ToArray());

        var some = (await AskAsync(h, Thing, "<canRead xmlns='urn:xmpp:iot:provisioning' jid='stranger@example.org' momentary='true'>"
            + "<field name='Temperature'/><field name='Secret'/></canRead>", ct)).Element(Ns + "canReadResponse")!;
        CollectionAssert.AreEqual(new[] { "Temperature" }, some.Elements(Ns + "field").Select(f => (string?)f.Attribute("name")).ToArray());
        var none = (await AskAsync(h, Thing, "<canRead xmlns='urn:xmpp:iot:provisioning' jid='stranger@example.org'><field name='Secret'/></canRead>", ct))
            .Element(Ns + "canReadResponse")!;
        Assert.AreEqual("false", (string?)none.Attribute("result"), "nothing asked is allowed: result false (spec Note 2)");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task CanControl_RuleForOneParameter_SubsetAnswered()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, store) = await StartAsync(ct);
        await using var _h = h;
        await store.AddAsync(new ProvisioningRule(0, Jid.Parse("owner@example.org"), null, "example.org", RuleKind.Control, [], ["Relay1"]), ct);

        var answer = (await AskAsync(h, Thing, "<canControl xmlns='urn:xmpp:iot:provisioning' jid='stranger@example.org'>"
            + "<parameter name='Relay1'/><parameter name='Relay2'/></canControl>", ct)).Element(Ns + "canControlResponse")!;

        Assert.AreEqual("true", (string?)answer.Attribute("result"));
        CollectionAssert.AreEqual(new[] { "Relay1" }, answer.Elements(Ns + "parameter").Select(p => (string?)p.Attribute("name")).ToArray());
        var other = (await AskAsync(h, Thing, "<canControl xmlns='urn:xmpp:iot:provisioning' jid='someone@elsewhere.org'><parameter name='Relay1'/></canControl>", ct))
            .Element(Ns + "canControlResponse")!;
        Assert.AreEqual("false", (string?)other.Attribute("result"), "the rule names example.org only");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task AddRule_ForAThingNotOwned_ErrorNoteAndNothingStored()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, store) = await StartAsync(ct);
        await using var _h = h;

        await h.Server.SendAsync($"<iq type='set' id='a1' from='intruder@example.org/x' to='{ComponentHarness.Domain}'>"
            + $"<command xmlns='{Cmd.NamespaceName}' node='{RuleCommands.AddNode}'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='thing'><value>thing@example.org</value></field>"
            + "<field var='requester'><value>*</value></field><field var='kind'><value>control</value></field></x></command></iq>", ct);
        var done = (await h.Server.ReadElementAsync(ct)).Element(Cmd + "command")!;

        Assert.AreEqual("completed", (string?)done.Attribute("status"));
        Assert.AreEqual("error", (string?)done.Element(Cmd + "note")!.Attribute("type"));
        StringAssert.Contains(done.Element(Cmd + "note")!.Value, "not the owner");
        Assert.AreEqual(0, (await store.ListAsync(Jid.Parse("intruder@example.org"), ct)).Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    [DataRow("kind", "sometimes", "not friend, read or control")]
    [DataRow("requester", "a@b/c", "not '*', a domain or a bare JID")]
    public async Task AddRule_BadRule_ErrorNoteNamesTheProblem(string var, string value, string expected)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, _) = await StartAsync(ct);
        await using var _h = h;
        var fields = new Dictionary<string, string> { ["requester"] = "*", ["kind"] = "read", [var] = value };

        await h.Server.SendAsync($"<iq type='set' id='a1' from='{Owner}' to='{ComponentHarness.Domain}'>"
            + $"<command xmlns='{Cmd.NamespaceName}' node='{RuleCommands.AddNode}'><x xmlns='jabber:x:data' type='submit'>"
            + string.Concat(fields.Select(f => $"<field var='{f.Key}'><value>{f.Value}</value></field>")) + "</x></command></iq>", ct);
        var note = (await h.Server.ReadElementAsync(ct)).Element(Cmd + "command")!.Element(Cmd + "note")!;

        Assert.AreEqual("error", (string?)note.Attribute("type"));
        StringAssert.Contains(note.Value, expected);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ListAndRemove_OwnersRules_ListedThenGone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, store) = await StartAsync(ct);
        await using var _h = h;
        var rule = await store.AddAsync(new ProvisioningRule(0, Jid.Parse("owner@example.org"), Jid.Parse("thing@example.org"), "*", RuleKind.Friend, [], []), ct);

        await h.Server.SendAsync($"<iq type='set' id='l1' from='{Owner}' to='{ComponentHarness.Domain}'><command xmlns='{Cmd.NamespaceName}' node='{RuleCommands.ListNode}'/></iq>", ct);
        var list = (await h.Server.ReadElementAsync(ct)).Element(Cmd + "command")!;
        Assert.AreEqual("completed", (string?)list.Attribute("status"));
        var item = list.Element(Data + "x")!.Elements(Data + "item").Single();
        Assert.AreEqual(rule.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            item.Elements(Data + "field").Single(f => (string?)f.Attribute("var") == "id").Value);

        // Another owner cannot remove it.
        await h.Server.SendAsync($"<iq type='set' id='r0' from='intruder@example.org/x' to='{ComponentHarness.Domain}'><command xmlns='{Cmd.NamespaceName}' node='{RuleCommands.RemoveNode}'>"
            + $"<x xmlns='jabber:x:data' type='submit'><field var='id'><value>{rule.Id}</value></field></x></command></iq>", ct);
        Assert.AreEqual("error", (string?)(await h.Server.ReadElementAsync(ct)).Element(Cmd + "command")!.Element(Cmd + "note")!.Attribute("type"));

        await h.Server.SendAsync($"<iq type='set' id='r1' from='{Owner}' to='{ComponentHarness.Domain}'><command xmlns='{Cmd.NamespaceName}' node='{RuleCommands.RemoveNode}'>"
            + $"<x xmlns='jabber:x:data' type='submit'><field var='id'><value>{rule.Id}</value></field></x></command></iq>", ct);
        Assert.AreEqual("info", (string?)(await h.Server.ReadElementAsync(ct)).Element(Cmd + "command")!.Element(Cmd + "note")!.Attribute("type"));
        var push = await h.Server.ReadElementAsync(ct);
        Assert.IsNotNull(push.Element(Ns + "clearCache"), "removing a rule clears the thing's cache too");
        Assert.AreEqual(0, (await store.ListAsync(Jid.Parse("owner@example.org"), ct)).Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task CommandList_DiscoItems_ListsTheThreeCommands()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, _) = await StartAsync(ct);
        await using var _h = h;

        await h.Server.SendAsync($"<iq type='get' id='d1' from='{Owner}' to='{ComponentHarness.Domain}'>"
            + $"<query xmlns='http://jabber.org/protocol/disco#items' node='{Cmd.NamespaceName}'/></iq>", ct);
        var items = (await h.Server.ReadElementAsync(ct)).Elements().Single();

        CollectionAssert.AreEquivalent(new[] { RuleCommands.ListNode, RuleCommands.AddNode, RuleCommands.RemoveNode },
            items.Elements().Select(i => (string?)i.Attribute("node")).ToArray());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Command_UnknownSession_SessionExpired()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, _) = await StartAsync(ct);
        await using var _h = h;

        await h.Server.SendAsync($"<iq type='set' id='s1' from='{Owner}' to='{ComponentHarness.Domain}'>"
            + $"<command xmlns='{Cmd.NamespaceName}' node='{RuleCommands.AddNode}' sessionid='nope'/></iq>", ct);
        var error = await h.Server.ReadElementAsync(ct);

        Assert.AreEqual("error", (string?)error.Attribute("type"));
        Assert.IsNotNull(error.Descendants(Cmd + "session-expired").SingleOrDefault(), error.ToString());
    }

    private static async Task<XElement> AskAsync(ComponentHarness h, string from, string payload, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N");
        await h.Server.SendAsync($"<iq type='get' id='{id}' from='{from}' to='{ComponentHarness.Domain}'>{payload}</iq>", ct);
        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(id, (string?)answer.Attribute("id"), answer.ToString());
        Assert.AreEqual("result", (string?)answer.Attribute("type"), answer.ToString());
        return answer;
    }

    private static async Task<(ComponentHarness, InMemoryRuleStore)> StartAsync(CancellationToken ct)
    {
        var h = new ComponentHarness();
        var store = new InMemoryRuleStore();
        store.SetOwner(Jid.Parse(Thing), Jid.Parse("owner@example.org"));
        var server = ProvisioningServer.Register(h.Component, store);
        AdHocServer.Register(h.Component, RuleCommands.Create(server), h.Time);
        await h.ConnectAsync(ct);
        return (h, store);
    }
}
