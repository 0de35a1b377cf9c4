using Edge.Agent.Provisioning;
using Edge.Integration.Tests.Interop;
using Edge.Integration.Tests.Registry;
using Edge.Iot.Discovery;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Integration.Tests.Provisioning;

/// <summary>
/// The real agent with <c>Agent:Provisioning:Enabled</c> beside the thing registry component (XEP-0347): it finds the
/// registry on its domain, registers with its tags and a KEY kept in provisioning.json (the same KEY after a restart),
/// the owner claims it with the claim string the agent wrote, the agent records its owner and, restarted, does not
/// register again.
/// </summary>
[TestClass]
[DoNotParallelize] // one component name, one agent account
public sealed class ThingRegistrationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000)]
    public async Task Agent_RegistersKeepsKeyAcrossRestartIsClaimedAndThenNeverRegistersAgain()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        using var data = ProvisioningData.Create("edge-it-prov-",
            ("Agent:Provisioning:Tags:MAN", "Edge tests"),
            ("Agent:Provisioning:Tags:LAT", "59.33"),
            ("Agent:Provisioning:Tags:ROOM", "Lab; bench=2"));
        // First start: the registry is found on the domain; the agent registers and writes its claim string.
        ProvisioningState registered;
        await using (var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings))
        {
            registered = await data.WaitForStateAsync(ProvisioningState.Registered);
            Assert.AreEqual(Server.Xmpp.ComponentDomain, registered.Registry);
            Assert.AreEqual(1, Registration(agent).Registrations);
            Assert.IsTrue(File.Exists(Path.Combine(data.Directory, ClaimQr.SvgFileName)), "the QR code for label printing");
        }

        Assert.IsTrue(ClaimUri.TryParse(registered.ClaimUri, out var claim, out var error), error);
        Assert.AreEqual(Server.Xmpp.ComponentDomain, claim.Registry?.ToString());
        CollectionAssert.IsSubsetOf(
            new[] { MetaTag.String("MAN", "Edge tests"), MetaTag.Numeric("LAT", 59.33), MetaTag.String("ROOM", "Lab; bench=2"),
                MetaTag.String("KEY", registered.Key) },
            claim.Tags.ToArray());

        // Restart before the claim: registers again, with the same KEY (the printed QR code stays good).
        await using (var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings))
        {
            await Clients.WaitUntilAsync(() => Registration(agent).Registrations == 1, Wait, "the agent to register again");
            var again = await data.WaitForStateAsync(ProvisioningState.Registered);
            Assert.AreEqual(registered.Key, again.Key, "the KEY is kept across a restart");
            Assert.AreEqual(registered.ClaimUri, again.ClaimUri);

            // The owner claims with the claim string; the registry tells the agent, which records its owner.
            var (_, owner) = await world.OwnerAsync(ct);
            var thing = await owner.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None), ct);
            Assert.IsNotNull(thing, "the registry has the agent's registration and gives it to the owner");
            Assert.AreEqual(TestAccounts.AgentJid, thing.Jid.Bare.ToString());
            var claimed = await data.WaitForStateAsync(ProvisioningState.Claimed);
            Assert.AreEqual(TestAccounts.BackendJid, claimed.Owner);
            Assert.AreEqual(registered.Key, claimed.Key);
        }

        // Restart after the claim: claimed, so no registration.
        await using (var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings))
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct); // the session is up: time for a registration that must not come
            Assert.AreEqual(0, Registration(agent).Registrations, "a claimed device never registers again");
            Assert.IsTrue(ProvisioningState.TryLoad(data.StateFile, out var after, out _));
            Assert.AreEqual(ProvisioningState.Claimed, after.State);
            Assert.AreEqual(TestAccounts.BackendJid, after.Owner);
        }
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_DisownedByOwner_DropsOwnerAndRegistersAgainWithANewKey()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        using var data = ProvisioningData.Create("edge-it-prov-",
            ("Agent:Provisioning:Registry", Server.Xmpp.ComponentDomain),
            ("Agent:Provisioning:Tags:SN", "IT-0001"));
        await using var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings);
        var (registered, claim) = await data.WaitForClaimAsync();
        var (_, owner) = await world.OwnerAsync(ct);
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None), ct));
        await data.WaitForStateAsync(ProvisioningState.Claimed);

        var refusal = await owner.DisownAsync(new ThingReference(Jid.Parse(TestAccounts.AgentJid), ThingNode.None), ct);

        Assert.IsNull(refusal, refusal?.ToString());
        await Clients.WaitUntilAsync(() => Registration(agent).Registrations == 2, Wait, "the agent to register again");
        var again = await data.WaitForStateAsync(ProvisioningState.Registered);
        Assert.IsNull(again.Owner, "the owner is dropped");
        Assert.AreNotEqual(registered.Key, again.Key, "a new KEY");
        Assert.IsTrue(ClaimUri.TryParse(again.ClaimUri, out var newClaim, out var error), error);
        Assert.IsNull(await owner.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None), ct), "the old claim string is used up");
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(newClaim.Tags, ThingNode.None), ct), "the new one claims it");
        await data.WaitForStateAsync(ProvisioningState.Claimed);
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_RemovedByOwner_RecordsItAndDoesNotRegisterAtRestart()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        using var data = ProvisioningData.Create("edge-it-prov-",
            ("Agent:Provisioning:Registry", Server.Xmpp.ComponentDomain));
        await using (var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings))
        {
            var (_, claim) = await data.WaitForClaimAsync();
            var (_, owner) = await world.OwnerAsync(ct);
            Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None), ct));
            await data.WaitForStateAsync(ProvisioningState.Claimed);

            Assert.IsTrue(await owner.RemoveAsync(new ThingReference(Jid.Parse(TestAccounts.AgentJid), ThingNode.None), ct));

            var removed = await data.WaitForStateAsync(ProvisioningState.Removed);
            Assert.AreEqual(TestAccounts.BackendJid, removed.Owner, "removed from the registry, still its owner's");
        }

        await using (var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings))
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            Assert.AreEqual(0, Registration(agent).Registrations, "a removed device does not register again");
        }
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task Agent_Claimed_BefriendsOwnerBlanksKeyAndUpdatesChangedTagsAtRestart()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (ownerClient, owner) = await world.OwnerAsync(ct);
        await Roster.RemoveAsync(ownerClient, TestAccounts.AgentJid, ct); // no friendship left from another test
        using var data = ProvisioningData.Create("edge-it-prov-",
            ("Agent:Provisioning:Registry", Server.Xmpp.ComponentDomain),
            ("Agent:Provisioning:Tags:SN", "IT-FRIEND-1"),
            ("Agent:Provisioning:Tags:MAN", "Edge tests"),
            ("Agent:Provisioning:Tags:ROOM", "Lab"));
        await using (var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings))
        {
            var (_, claim) = await data.WaitForClaimAsync();

            // The owner claims (public) and asks for the device's friendship at once, maybe before the device knows.
            Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None), ct));
            await Roster.PresenceAsync(ownerClient, TestAccounts.AgentJid, "subscribe", ct);
            await data.WaitUntilAsync(s => s.KeyCleared, "the public device to blank its KEY");

            // The device accepted the owner's request ("to" in the owner's roster) and asked for the owner's presence in
            // turn: the owner's approval then makes it "both" (an approval nobody asked for would leave "to").
            await Roster.PresenceAsync(ownerClient, TestAccounts.AgentJid, "subscribed", ct);
            string? subscription = null;
            var deadline = DateTime.UtcNow + Wait;
            while (subscription != "both" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
                subscription = await Roster.SubscriptionAsync(ownerClient, TestAccounts.AgentJid, ct);
            }

            Assert.AreEqual("both", subscription, "owner and device are friends both ways");
            var record = await RecordAsync(world, ct);
            Assert.IsFalse(record.Tags.Any(t => t.IsKey), "no KEY left in the registry");
            Assert.AreEqual(1, Registration(agent).Registrations);
        }

        // Restart with other tags: the claimed device updates them (no registration); MAN dropped, ROOM changed, MODEL new.
        data.Settings.Remove("Agent:Provisioning:Tags:MAN");
        data.Settings["Agent:Provisioning:Tags:ROOM"] = "Lab 2";
        data.Settings["Agent:Provisioning:Tags:MODEL"] = "Edge-IT";
        await using (var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings))
        {
            await data.WaitUntilAsync(s => s.Tags?.Contains("ROOM=Lab 2") == true, "the device to update its changed tags");
            var found = await owner.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "ROOM", "Lab 2")]), ct);
            var thing = found.Things.Single(t => t.Thing.Bare.ToString() == TestAccounts.AgentJid);
            CollectionAssert.Contains(thing.Tags.ToArray(), MetaTag.String("MODEL", "Edge-IT"));
            CollectionAssert.Contains(thing.Tags.ToArray(), MetaTag.String("SN", "IT-FRIEND-1"));
            Assert.IsFalse(thing.Tags.Any(t => t.Name == "MAN"), "the dropped tag is removed");
            Assert.AreEqual(0, Registration(agent).Registrations, "claimed: updated, never registered again");
            Assert.AreEqual(ProvisioningState.Claimed, (await data.WaitForStateAsync(ProvisioningState.Claimed)).State);
        }
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_RegistryIsAnAccount_BefriendsItBeforeRegisteringAndUnfriendsItWhenRemoved()
    {
        var ct = TestContext.CancellationTokenSource.Token;

        // A registry that is an account (admin@domain), not a component: the XEP's rules on a client connection.
        await using var registryClient = new XmppClient(Clients.Options(TestAccounts.AdminJid, TestAccounts.AdminPassword, "registry"));
        var store = new Edge.Iot.Discovery.Registry.InMemoryThingStore();
        using var rules = new Edge.Iot.Discovery.Registry.ThingRegistry(store);
        Edge.Iot.Discovery.Registry.ThingRegistryServer.Register(registryClient, rules);
        var subscribedBeforeRegister = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        registryClient.OnPresence(async (p, token) =>
        {
            if ((string?)p.Attribute("type") == "subscribe" && (string?)p.Attribute("from") == TestAccounts.AgentJid)
            {
                var registered = await store.GetAsync(Jid.Parse(TestAccounts.AgentJid), ThingNode.None, token);
                subscribedBeforeRegister.TrySetResult(registered is null);
                await Roster.PresenceAsync(registryClient, TestAccounts.AgentJid, "subscribed", token);
            }
        });
        await registryClient.ConnectAsync(ct);
        await Roster.RemoveAsync(registryClient, TestAccounts.AgentJid, ct); // a clean start, and this session hears of requests
        await Roster.SubscriptionAsync(registryClient, TestAccounts.AgentJid, ct);

        using var data = ProvisioningData.Create("edge-it-prov-",
            ("Agent:Provisioning:Registry", TestAccounts.AdminJid),
            ("Agent:Provisioning:Tags:SN", "IT-JIDREG-1"));
        await using var agent = await AgentUnderTest.StartAsync("provisioning", data.Settings);
        var registered = await data.WaitForStateAsync(ProvisioningState.Registered);
        Assert.IsTrue(await subscribedBeforeRegister.Task.WaitAsync(Wait, ct), "the device asked for the registry's friendship before registering");
        Assert.AreEqual("from", await Roster.SubscriptionAsync(registryClient, TestAccounts.AgentJid, ct));

        Assert.IsTrue(ClaimUri.TryParse(registered.ClaimUri, out var claim, out var error), error);
        await using var ownerClient = new XmppClient(Clients.Options(TestAccounts.BackendJid, TestAccounts.BackendPassword, "owner-jidreg"));
        await ownerClient.ConnectAsync(ct);
        var owner = new DiscoveryClient(ownerClient, Jid.Parse(TestAccounts.AdminJid)) { Address = registryClient.BoundJid! };
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None), ct));
        await data.WaitForStateAsync(ProvisioningState.Claimed);
        Assert.IsTrue(await owner.RemoveAsync(new ThingReference(Jid.Parse(TestAccounts.AgentJid), ThingNode.None), ct));
        await data.WaitForStateAsync(ProvisioningState.Removed);

        string? subscription = "from";
        var deadline = DateTime.UtcNow + Wait;
        while (subscription is "from" or "both" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
            subscription = await Roster.SubscriptionAsync(registryClient, TestAccounts.AgentJid, ct);
        }

        Assert.IsFalse(subscription is "from" or "both", $"the removed device unfriended the registry (registry's roster: '{subscription}')");
    }

    /// <summary>The agent's record as the registry's database holds it (KEY included, which no search returns).</summary>
    private static async Task<Edge.Iot.Discovery.Registry.ThingRecord> RecordAsync(RegistryFixture world, CancellationToken ct)
    {
        using var store = Edge.Registry.SqliteThingStore.Open(Path.Combine(world.DataDirectory, "registry.db"));
        return await store.GetAsync(Jid.Parse(TestAccounts.AgentJid), ThingNode.None, ct)
            ?? throw new AssertFailedException("the registry has no record of the agent");
    }

    private static ThingRegistration Registration(AgentUnderTest agent) =>
        agent.Host.Services.GetRequiredService<ThingRegistration>();
}
