using Edge.Agent.Provisioning;
using Edge.Agent.Provisioning.Delegation;
using Edge.Integration.Tests.Interop;
using Edge.Integration.Tests.Registry;
using Edge.Iot;
using Edge.Iot.Control;
using Edge.Iot.Discovery;
using Edge.Iot.Provisioning.Service;
using Edge.Iot.SensorData;
using Edge.Testing.Servers;
using Edge.Things;
using ThingNode = Edge.Iot.Discovery.ThingNode;
using ThingReference = Edge.Things.ThingReference;
using Edge.Xmpp;
using Edge.Xmpp.AdHoc;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Integration.Tests.Provisioning;

/// <summary>
/// XEP-0324 end to end on the real server: the real agent, claimed by its owner through the registry component, lets
/// the owner read and control it, refuses a stranger (same domain, so <c>Agent:Access</c> alone would allow them) until
/// the owner adds a rule with an ad-hoc command, then gives exactly what the rule allows; the rule change reaches the
/// device's cache at once (clearCache); the rules survive a restart and a SIGKILL of the service.
/// </summary>
[TestClass]
[DoNotParallelize] // one component name, one agent account
public sealed class DelegatedAccessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(240_000)]
    public async Task ClaimedAgent_StrangerGetsExactlyWhatTheOwnersRulesAllow_RulesSurviveRestartAndSigkill()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        using var data = ProvisioningData.Create("edge-it-prov324-",
            ("Agent:Provisioning:Tags:SN", "IT-324"));
        await using var agent = await AgentUnderTest.StartAsync("prov324", data.Settings);
        var (_, claim) = await data.WaitForClaimAsync();
        var (ownerClient, owner) = await world.OwnerAsync(ct);
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None), ct));
        await data.WaitForStateAsync(ProvisioningState.Claimed);
        var (strangerClient, _) = await world.OtherAsync(ct);

        // The owner reads out: everything.
        var ownerFields = await ReadAsync(ownerClient, agent.FullJid, ct);
        Assert.IsTrue(ownerFields.Count >= 2, "the climate node has several fields: " + string.Join(", ", ownerFields));
        var allowedField = ownerFields[0];

        // A stranger is refused (the service says no; the answer is cached).
        var refused = await new SensorDataClient(strangerClient).ReadAsync(agent.FullJid, Request(), null, ct, Wait);
        Assert.AreEqual("forbidden", refused.Rejection?.Condition, "a stranger is refused before any rule");
        var policy = (DelegatedAccessPolicy)agent.Host.Services.GetRequiredService<IAccessPolicy>();
        Assert.AreEqual(RegistryFixture.RegistryJid, policy.Service, "the registry itself is the provisioning service");
        Assert.IsTrue(policy.Cache.Count > 0, "the refusal is cached");

        // Only the provisioning service may clear the cache: the stranger's clearCache is refused and changes nothing.
        var cached = policy.Cache.Count;
        var spoof = await strangerClient.SendIqAsync(strangerClient.CreateIq("set", agent.FullJid,
            new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("clearCache", "urn:xmpp:iot:provisioning"))), ct);
        Assert.AreEqual("forbidden", spoof.Error?.Condition, spoof.Stanza.ToString());
        Assert.AreEqual(cached, policy.Cache.Count, "a stranger's clearCache is not honoured");

        // A stranger's friendship request goes to isFriend: no rule, so it is refused (unsubscribed).
        var answered = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        strangerClient.OnPresence((presence, _) =>
        {
            if ((string?)presence.Attribute("from") is { } from && Jid.Parse(from).Bare.ToString() == TestAccounts.AgentJid
                && (string?)presence.Attribute("type") is "subscribed" or "unsubscribed")
            {
                answered.TrySetResult((string?)presence.Attribute("type"));
            }

            return ValueTask.CompletedTask;
        });
        // RFC 6121: subscription answers go to "interested" resources, those that fetched the roster (Prosody holds to it).
        (await strangerClient.SendIqAsync(strangerClient.CreateIq("get", null,
            new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("query", "jabber:iq:roster"))), ct)).EnsureSuccess("roster");
        await strangerClient.SendAsync(new System.Xml.Linq.XElement(XmppNamespaces.Client + "presence",
            new System.Xml.Linq.XAttribute("to", TestAccounts.AgentJid), new System.Xml.Linq.XAttribute("type", "subscribe")), ct);
        Assert.AreEqual("unsubscribed", await answered.Task.WaitAsync(Wait, ct), "isFriend said no");

        // The owner allows reading one field; the registry pushes clearCache; the stranger gets that field at once.
        var added = await AddRuleAsync(ownerClient, "read", TestAccounts.AdminJid, [], [allowedField], ct);
        await Clients.WaitUntilAsync(() => policy.Cache.Count == 0, Wait, "clearCache to empty the device's cache");
        CollectionAssert.AreEqual(new[] { allowedField }, (await ReadAsync(strangerClient, agent.FullJid, ct)).ToArray(),
            "only the allowed field comes back");

        // Control: refused, then allowed for the heater's State only.
        var control = new ControlClient(strangerClient);
        var heater = await control.SetAsync(agent.FullJid, [new ThingReference("heater")], [ControlValue.Boolean("State", true)], ct);
        Assert.AreEqual("forbidden", heater.Error?.Condition, "a stranger may not control before a rule");
        await AddRuleAsync(ownerClient, "control", TestAccounts.AdminJid, ["heater"], ["State"], ct);
        await Clients.WaitUntilAsync(() => policy.Cache.Count == 0, Wait, "clearCache after the control rule");
        heater = await control.SetAsync(agent.FullJid, [new ThingReference("heater")], [ControlValue.Boolean("State", true)], ct);
        Assert.IsTrue(heater.Succeeded, heater.Error?.ToString());
        var ev = await control.SetAsync(agent.FullJid, [new ThingReference("ev-charger-enable")], [ControlValue.Boolean("State", true)], ct);
        Assert.AreEqual("forbidden", ev.Error?.Condition, "the rule names the heater only");

        // The owner allows the stranger's friendship: a new request is answered subscribed, from isFriend's true (the
        // answer comes back on the same receive loop the request arrived on).
        await AddRuleAsync(ownerClient, "friend", TestAccounts.AdminJid, [], [], ct);
        await Clients.WaitUntilAsync(() => policy.Cache.Count == 0, Wait, "clearCache after the friend rule");
        var befriended = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        strangerClient.OnPresence((presence, _) =>
        {
            if ((string?)presence.Attribute("from") is { } from && Jid.Parse(from).Bare.ToString() == TestAccounts.AgentJid
                && (string?)presence.Attribute("type") is "subscribed")
            {
                befriended.TrySetResult("subscribed");
            }

            return ValueTask.CompletedTask;
        });
        await strangerClient.SendAsync(new System.Xml.Linq.XElement(XmppNamespaces.Client + "presence",
            new System.Xml.Linq.XAttribute("to", TestAccounts.AgentJid), new System.Xml.Linq.XAttribute("type", "subscribe")), ct);
        Assert.AreEqual("subscribed", await befriended.Task.WaitAsync(Wait, ct), "isFriend said yes after the friend rule");

        // The owner's own control is never asked about.
        var ownerSet = await new ControlClient(ownerClient).SetAsync(agent.FullJid, [new ThingReference("heater")], [ControlValue.Boolean("State", false)], ct);
        Assert.IsTrue(ownerSet.Succeeded, ownerSet.Error?.ToString());

        // Restart of the service: the rules are still there.
        await world.StopHostAsync();
        await world.StartHostAsync(ct);
        CollectionAssert.AreEquivalent(new[] { "read", "control", "friend" }, (await ListRulesAsync(ownerClient, ct)).ToArray());

        // SIGKILL of the service (the built edge-registry on the same database): still there, and still enforced.
        await world.StopHostAsync();
        using (var process = await RegistryProcessTests.RegistryProcess.StartAsync(world.DataDirectory, Server.Xmpp.ComponentSecret, ct))
        {
            await RemoveRuleAsync(ownerClient, added, ct);
            process.Kill();
        }

        using var second = await RegistryProcessTests.RegistryProcess.StartAsync(world.DataDirectory, Server.Xmpp.ComponentSecret, ct);
        CollectionAssert.AreEquivalent(new[] { "control", "friend" }, (await ListRulesAsync(ownerClient, ct)).ToArray(),
            "the removal acknowledged before the SIGKILL is kept");
        await Clients.WaitUntilAsync(() => policy.Cache.Count == 0, Wait, "clearCache after the removal");
        var again = await new SensorDataClient(strangerClient).ReadAsync(agent.FullJid, Request(), null, ct, Wait);
        Assert.AreEqual("forbidden", again.Rejection?.Condition, "the read rule is gone");
        Assert.AreEqual(0, await second.TerminateAsync(ct));
    }

    private static ReadoutRequest Request() =>
        new(Random.Shared.Next(1, int.MaxValue), ReadoutTypes.Momentary, [new ThingReference("climate")]);

    private static async Task<List<string>> ReadAsync(XmppClient client, Jid device, CancellationToken ct)
    {
        var result = await new SensorDataClient(client).ReadAsync(device, Request(), null, ct, Wait);
        Assert.AreEqual(ReadoutOutcome.Done, result.Outcome, result.Rejection?.ToString());
        return [.. result.Readings.SelectMany(r => r.Fields).Select(f => f.Name).Distinct().Order(StringComparer.Ordinal)];
    }

    private static async Task<long> AddRuleAsync(XmppClient owner, string kind, string requester, string[] nodes, string[] names, CancellationToken ct)
    {
        var done = await AdHocClient.ExecuteAsync(owner, RegistryFixture.RegistryJid, RuleCommands.AddNode, new Dictionary<string, IReadOnlyList<string>>
        {
            [RuleCommands.ThingField] = [TestAccounts.AgentJid],
            [RuleCommands.RequesterField] = [requester],
            [RuleCommands.KindField] = [kind],
            [RuleCommands.NodesField] = nodes,
            [RuleCommands.NamesField] = names,
        }, ct);
        Assert.IsNull(done.ErrorNote, done.ErrorNote);
        return long.Parse(done.Form![RuleCommands.IdField]!.Value!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task RemoveRuleAsync(XmppClient owner, long id, CancellationToken ct)
    {
        var done = await AdHocClient.ExecuteAsync(owner, RegistryFixture.RegistryJid, RuleCommands.RemoveNode,
            new Dictionary<string, IReadOnlyList<string>> { [RuleCommands.IdField] = [id.ToString(System.Globalization.CultureInfo.InvariantCulture)] }, ct);
        Assert.IsNull(done.ErrorNote, done.ErrorNote);
    }

    private static async Task<List<string>> ListRulesAsync(XmppClient owner, CancellationToken ct)
    {
        var done = await AdHocClient.ExecuteAsync(owner, RegistryFixture.RegistryJid, RuleCommands.ListNode, null, ct);
        Assert.IsNull(done.ErrorNote, done.ErrorNote);
        return [.. done.Form!.Items.Select(i => i.Single(f => f.Var == RuleCommands.KindField).Value!)];
    }
}
