using System.Xml.Linq;
using Edge.Iot.Discovery;
using Edge.Registry;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.Disco;

namespace Edge.Integration.Tests.Registry;

/// <summary>
/// The thing registry (XEP-0347) as an XEP-0114 component of the real server, driven by real clients: a device that
/// registers, an owner that claims, searches, removes, disowns; state kept across a restart of the registry.
/// </summary>
[TestClass]
[DoNotParallelize] // one component name: one registry attached at a time
public sealed class RegistryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task DiscoInfo_RegistryComponent_AdvertisesDiscoveryFeatureAndIdentity()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (device, _) = await world.DeviceAsync(ct);

        var answer = await device.SendIqAsync(device.CreateIq("get", RegistryFixture.RegistryJid, new XElement(DiscoNamespaces.Info + "query")), ct);

        Assert.IsFalse(answer.IsError, answer.Stanza.ToString());
        var query = answer.Payload!;
        CollectionAssert.Contains(query.Elements(DiscoNamespaces.Info + "feature").Select(f => (string?)f.Attribute("var")).ToList(),
            "urn:xmpp:iot:discovery");
        Assert.AreEqual("component", (string?)query.Element(DiscoNamespaces.Info + "identity")?.Attribute("category"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task DiscoItems_ServerDomain_ListsTheRegistryComponent()
    {
        // XEP-0347 §Determining Support: a device with no configured registry looks through the server's items.
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (device, _) = await world.DeviceAsync(ct);

        var answer = await device.SendIqAsync(device.CreateIq("get", Jid.Parse(Server.Xmpp.Domain), new XElement(DiscoNamespaces.Items + "query")), ct);

        Assert.IsFalse(answer.IsError, answer.Stanza.ToString());
        CollectionAssert.Contains(answer.Payload!.Elements(DiscoNamespaces.Items + "item").Select(i => (string?)i.Attribute("jid")).ToList(),
            Server.Xmpp.ComponentDomain, answer.Stanza.ToString());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Claim_RightKey_OwnerGetsThingAndDeviceIsToldItsOwner()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (device, deviceDiscovery) = await world.DeviceAsync(ct);
        var (_, owner) = await world.OwnerAsync(ct);
        var told = new TaskCompletionSource<ClaimedInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        deviceDiscovery.Claimed += (_, claimed) => told.TrySetResult(claimed);
        deviceDiscovery.HandlePushes();
        var tags = Tags("SN-1001", "key-" + Guid.NewGuid().ToString("N"));

        var registered = await deviceDiscovery.RegisterAsync(new RegisterRequest(tags, ThingNode.None), ct);
        Assert.IsNull(registered, "a new thing is registered, not claimed (empty result)");

        var claim = await owner.ClaimAsync(new MineRequest(Shuffled(tags), ThingNode.None), ct);

        Assert.IsNotNull(claim, "the owner's claim with the right key succeeds");
        Assert.AreEqual(TestAccounts.AgentJid, claim.Jid.ToString(), "the owner learns the thing's bare JID");
        Assert.IsTrue(claim.Public);
        var pushed = await told.Task.WaitAsync(Wait, ct);
        Assert.AreEqual(TestAccounts.BackendJid, pushed.Jid.ToString(), "the device is told its owner's bare JID");
        Assert.IsTrue(pushed.Public);

        // A claimed thing that registers again learns its owner from the answer, and nothing changes.
        var again = await deviceDiscovery.RegisterAsync(new RegisterRequest(Tags("SN-other", "other-key"), ThingNode.None), ct);
        Assert.AreEqual(TestAccounts.BackendJid, again?.Jid.ToString());
        Assert.IsNotNull(device.BoundJid);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Claim_WrongKey_ItemNotFoundAndThingStaysUnclaimed()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (_, device) = await world.DeviceAsync(ct);
        var (ownerClient, owner) = await world.OwnerAsync(ct);
        var key = "key-" + Guid.NewGuid().ToString("N");
        Assert.IsNull(await device.RegisterAsync(new RegisterRequest(Tags("SN-1002", key), ThingNode.None), ct));

        var wrong = await ownerClient.SendIqAsync(ownerClient.CreateIq("set", RegistryFixture.RegistryJid,
            DiscoveryCodec.Mine(new MineRequest(Tags("SN-1002", "not-the-key"), ThingNode.None))), ct);

        Assert.AreEqual("item-not-found", wrong.Error?.Condition, wrong.Stanza.ToString());
        Assert.AreEqual("cancel", wrong.Error?.Type);

        // A subset of the tags (no KEY) is not enough either; the right key still works afterwards.
        Assert.IsNull(await owner.ClaimAsync(new MineRequest(Tags("SN-1002", key).Where(t => !t.IsKey).ToList(), ThingNode.None), ct));
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(Tags("SN-1002", key), ThingNode.None), ct));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Search_ByTags_FindsPublicClaimedThingsOnlyAndNeverKey()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (_, device) = await world.DeviceAsync(ct);
        var (_, other) = await world.OtherAsync(ct);
        var (_, owner) = await world.OwnerAsync(ct);
        var publicTags = Tags("SN-2001", "key-a", room: "Kitchen");
        var privateTags = Tags("SN-2002", "key-b", room: "Cellar");
        await device.RegisterAsync(new RegisterRequest(publicTags, ThingNode.None), ct);
        await other.RegisterAsync(new RegisterRequest(privateTags, ThingNode.None), ct);

        // Unclaimed things are never found.
        var before = await owner.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "MAN", "edge.example")]), ct);
        Assert.AreEqual(0, before.Things.Count);

        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(publicTags, ThingNode.None, Public: true), ct));
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(privateTags, ThingNode.None, Public: false), ct));

        var found = await owner.SearchAsync(new SearchRequest([
            SearchOperator.String(SearchOperatorKind.StrEq, "MAN", "edge.example"),
            SearchOperator.Mask("SN", "SN-20*"),
            SearchOperator.NumericRange("V", 1, true, 2, false),
        ]), ct);

        Assert.AreEqual(1, found.Things.Count, "only the public claimed thing");
        Assert.IsFalse(found.More);
        var thing = found.Things[0];
        Assert.AreEqual(TestAccounts.AgentJid, thing.Thing.ToString());
        Assert.AreEqual(TestAccounts.BackendJid, thing.Owner.ToString());
        Assert.AreEqual("Kitchen", thing.Tags.Single(t => t.Name == "ROOM").StringValue);
        Assert.IsFalse(thing.Tags.Any(t => t.Name == "KEY"), "KEY is never returned");

        // A search naming KEY finds nothing, even with the right value.
        var byKey = await owner.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "KEY", "key-a")]), ct);
        Assert.AreEqual(0, byKey.Things.Count);

        // A search from someone else (not the owner) sees the same public thing.
        var (_, stranger) = await world.OtherAsync(ct);
        var theirs = await stranger.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "ROOM", "Kitchen")]), ct);
        Assert.AreEqual(1, theirs.Things.Count);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Search_MoreThanMaxCount_PagedWithMore()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (_, device) = await world.DeviceAsync(ct);
        var (_, other) = await world.OtherAsync(ct);
        var (_, owner) = await world.OwnerAsync(ct);
        var a = Tags("SN-3001", "key-c");
        var b = Tags("SN-3002", "key-d");
        await device.RegisterAsync(new RegisterRequest(a, ThingNode.None), ct);
        await other.RegisterAsync(new RegisterRequest(b, ThingNode.None), ct);
        await owner.ClaimAsync(new MineRequest(a, ThingNode.None), ct);
        await owner.ClaimAsync(new MineRequest(b, ThingNode.None), ct);
        var query = SearchOperator.String(SearchOperatorKind.StrGtEq, "SN", "SN-3");

        var first = await owner.SearchAsync(new SearchRequest([query], Offset: 0, MaxCount: 1), ct);
        var second = await owner.SearchAsync(new SearchRequest([query], Offset: 1, MaxCount: 1), ct);

        Assert.AreEqual(1, first.Things.Count);
        Assert.IsTrue(first.More);
        Assert.AreEqual(1, second.Things.Count);
        Assert.IsFalse(second.More);
        Assert.AreNotEqual(first.Things[0].Thing, second.Things[0].Thing);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Remove_ByOwner_DeviceToldRemovedAndItsUpdatesFindNothing()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (_, device) = await world.DeviceAsync(ct);
        var (_, owner) = await world.OwnerAsync(ct);
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Removed += (_, _) => removed.TrySetResult();
        device.HandlePushes();
        var tags = Tags("SN-4001", "key-e");
        await device.RegisterAsync(new RegisterRequest(tags, ThingNode.None), ct);
        await owner.ClaimAsync(new MineRequest(tags, ThingNode.None), ct);

        // Before the removal the claimed device may update its tags (and blank its KEY, as §KEY tag recommends).
        Assert.AreEqual(UpdateOutcome.Updated, await device.UpdateAsync(
            new UpdateRequest([MetaTag.String("KEY", string.Empty), MetaTag.String("ROOM", "Hall")], ThingNode.None), ct));

        Assert.IsTrue(await owner.RemoveAsync(new ThingReference(Jid.Parse(TestAccounts.AgentJid), ThingNode.None), ct));

        await removed.Task.WaitAsync(Wait, ct);
        Assert.AreEqual(UpdateOutcome.NotFound, await device.UpdateAsync(new UpdateRequest([MetaTag.String("ROOM", "Attic")], ThingNode.None), ct));
        Assert.IsFalse(await owner.RemoveAsync(new ThingReference(Jid.Parse(TestAccounts.AgentJid), ThingNode.None), ct), "gone: item-not-found");
        var found = await owner.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "SN", "SN-4001")]), ct);
        Assert.AreEqual(0, found.Things.Count);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Unregister_Device_ClaimFindsNothing()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (_, device) = await world.DeviceAsync(ct);
        var (_, owner) = await world.OwnerAsync(ct);
        var tags = Tags("SN-5001", "key-f");
        await device.RegisterAsync(new RegisterRequest(tags, ThingNode.None), ct);

        await device.UnregisterAsync(ThingNode.None, ct);

        Assert.IsNull(await owner.ClaimAsync(new MineRequest(tags, ThingNode.None), ct));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Disown_DeviceOnline_DeviceToldAndOldKeyNoLongerClaims()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (_, device) = await world.DeviceAsync(ct);
        var (_, owner) = await world.OwnerAsync(ct);
        var disowned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Disowned += (_, _) => disowned.TrySetResult();
        device.HandlePushes();
        var tags = Tags("SN-6001", "key-g");
        await device.RegisterAsync(new RegisterRequest(tags, ThingNode.None), ct);
        await owner.ClaimAsync(new MineRequest(tags, ThingNode.None), ct);

        var refusal = await owner.DisownAsync(new ThingReference(Jid.Parse(TestAccounts.AgentJid), ThingNode.None), ct);

        Assert.IsNull(refusal, refusal?.ToString());
        Assert.IsTrue(disowned.Task.IsCompleted, "the device is told before the owner gets the answer");
        Assert.IsNull(await owner.ClaimAsync(new MineRequest(tags, ThingNode.None), ct), "the registry replaced the tags with a random KEY");
        Assert.AreEqual(UpdateOutcome.Disowned, await device.UpdateAsync(new UpdateRequest([MetaTag.String("ROOM", "Hall")], ThingNode.None), ct));

        // The device registers again with a new key, and can be claimed with it.
        var fresh = Tags("SN-6001", "key-h");
        Assert.IsNull(await device.RegisterAsync(new RegisterRequest(fresh, ThingNode.None), ct));
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(fresh, ThingNode.None), ct));
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task Restart_Registry_ClaimsAndTagsKeptInSqlite()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (_, device) = await world.DeviceAsync(ct);
        var (_, owner) = await world.OwnerAsync(ct);
        var claimedTags = Tags("SN-7001", "key-i", room: "Garage");
        await device.RegisterAsync(new RegisterRequest(claimedTags, ThingNode.None), ct);
        await owner.ClaimAsync(new MineRequest(claimedTags, ThingNode.None), ct);
        var (_, other) = await world.OtherAsync(ct);
        var waitingTags = Tags("SN-7002", "key-j");
        await other.RegisterAsync(new RegisterRequest(waitingTags, ThingNode.None), ct);

        await world.StopHostAsync();
        await world.StartHostAsync(ct);

        // The claimed thing is still claimed (its register answers with the owner), still found with its tags.
        var again = await device.RegisterAsync(new RegisterRequest(claimedTags, ThingNode.None), ct);
        Assert.AreEqual(TestAccounts.BackendJid, again?.Jid.ToString());
        var found = await owner.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "ROOM", "Garage")]), ct);
        Assert.AreEqual(TestAccounts.AgentJid, found.Things.Single().Thing.ToString());

        // The thing that waited for its claim still waits, with its key.
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(waitingTags, ThingNode.None), ct));
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ServerRestart_Component_ReattachesWithBackoffAndServesAgain()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var component = world.Host.Component;
        Assert.AreEqual(1, component.ConnectionCount);

        await Server.Xmpp.RestartAsync(ct);

        await Clients.WaitUntilAsync(() => component.ConnectionCount >= 2 && component.IsConnected, TimeSpan.FromSeconds(60),
            "the registry to attach again after the server restarted", () => $"connections {component.ConnectionCount}");
        var (_, device) = await world.DeviceAsync(ct);
        Assert.IsNull(await device.RegisterAsync(new RegisterRequest(Tags("SN-8001", "key-r"), ThingNode.None), ct));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task StartAsync_WrongSecret_ServerRefusesNotAuthorized()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var folder = Path.Combine(Path.GetTempPath(), "edge-registry-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await using var host = new RegistryHost(RegistryFixture.Options(folder, secret: "not-the-secret"));

            var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => host.StartAsync(ct));

            Assert.AreEqual(ConnectionFailure.Authentication, e.Failure, e.Message);
            Assert.AreEqual("not-authorized", e.Condition);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A device's registration: the predefined tags of XEP-0347 §Meta Tags, and a KEY.</summary>
    private static List<MetaTag> Tags(string serial, string key, string room = "Lab") =>
    [
        MetaTag.String("SN", serial),
        MetaTag.String("MAN", "edge.example"),
        MetaTag.String("MODEL", "Edge-Pi"),
        MetaTag.Numeric("V", 1.2),
        MetaTag.String("CLASS", "Meter"),
        MetaTag.String("ROOM", room),
        MetaTag.Numeric("LAT", 59.3293),
        MetaTag.Numeric("LON", 18.0686),
        MetaTag.String("KEY", key),
    ];

    private static List<MetaTag> Shuffled(List<MetaTag> tags) => [.. tags.AsEnumerable().Reverse()];
}
