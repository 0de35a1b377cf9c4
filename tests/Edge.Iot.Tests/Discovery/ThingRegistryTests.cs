using Edge.Iot.Discovery;
using Edge.Iot.Discovery.Registry;
using Edge.Xmpp;

namespace Edge.Iot.Tests.Discovery;

/// <summary>The registry's rules (XEP-0347 §Use Cases) on an in-memory store, no XML.</summary>
[TestClass]
public sealed class ThingRegistryTests : IDisposable
{
    private static readonly Jid Device = Jid.Parse("thing@example.org/imc");
    private static readonly Jid Owner = Jid.Parse("owner@example.org/phone");
    private static readonly Jid Stranger = Jid.Parse("curious@example.org/client");
    private readonly InMemoryThingStore _store = new();
    private readonly ThingRegistry _registry;

    public ThingRegistryTests() => _registry = new ThingRegistry(_store, new ThingRegistryOptions { MaxSearchCount = 2 });

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(5_000)]
    public async Task RegisterAsync_NewThing_StoredUnclaimedUnderBareJid()
    {
        var claimed = await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k1"), ThingNode.None), Ct);

        Assert.IsNull(claimed);
        var record = await _store.GetAsync(Device.Bare, ThingNode.None, Ct);
        Assert.IsNotNull(record);
        Assert.IsFalse(record.IsClaimed);
        Assert.AreEqual(Device, record.Address, "pushes go to the full JID it registered from");
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task RegisterAsync_Again_ReplacesEveryTag()
    {
        await _registry.RegisterAsync(Device, new RegisterRequest([.. Tags("k1"), MetaTag.String("ROOM", "Hall")], ThingNode.None), Ct);

        await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k2"), ThingNode.None), Ct);

        var record = await _store.GetAsync(Device, ThingNode.None, Ct);
        Assert.IsFalse(record!.Tags.Any(t => t.Name == "ROOM"));
        Assert.AreEqual(1, _store.Count, "one record per bare JID and node");
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task ClaimAsync_ExactTagsAnyOrder_ClaimedOnce()
    {
        await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k1"), ThingNode.None), Ct);

        var first = await _registry.ClaimAsync(Owner, new MineRequest([.. Tags("k1").AsEnumerable().Reverse()], ThingNode.None, Public: false), Ct);
        var again = await _registry.ClaimAsync(Owner, new MineRequest(Tags("k1"), ThingNode.None), Ct);
        var other = await _registry.ClaimAsync(Stranger, new MineRequest(Tags("k1"), ThingNode.None), Ct);

        Assert.IsTrue(first!.NewlyClaimed);
        Assert.AreEqual(Owner.Bare, first.Thing.Owner);
        Assert.IsFalse(first.Thing.IsPublic);
        Assert.IsFalse(again!.NewlyClaimed, "the owner claiming again gets the same answer; the thing is not told twice");
        Assert.IsNull(other, "another's thing: item-not-found, nothing more said");
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task ClaimAsync_WrongKeyOrSubset_Null()
    {
        await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k1"), ThingNode.None), Ct);

        Assert.IsNull(await _registry.ClaimAsync(Owner, new MineRequest(Tags("k2"), ThingNode.None), Ct));
        Assert.IsNull(await _registry.ClaimAsync(Owner, new MineRequest([.. Tags("k1").Where(t => !t.IsKey)], ThingNode.None), Ct));
        Assert.IsNull(await _registry.ClaimAsync(Owner, new MineRequest([.. Tags("k1"), MetaTag.String("ROOM", "x")], ThingNode.None), Ct));
        Assert.IsNull(await _registry.ClaimAsync(Owner, new MineRequest([], ThingNode.None), Ct));
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task RegisterAsync_AlreadyClaimed_OwnerReturnedNothingChanged()
    {
        await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k1"), ThingNode.None), Ct);
        await _registry.ClaimAsync(Owner, new MineRequest(Tags("k1"), ThingNode.None), Ct);

        var claimed = await _registry.RegisterAsync(Device.Bare.WithResource("rebooted"), new RegisterRequest(Tags("k9"), ThingNode.None), Ct);

        Assert.AreEqual(Owner.Bare, claimed?.Jid);
        var record = (await _store.GetAsync(Device, ThingNode.None, Ct))!;
        Assert.AreEqual("k1", record.Tags.Single(t => t.IsKey).StringValue);
        Assert.AreEqual("rebooted", record.Address.Resource, "pushes follow the thing to its current resource");
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task UpdateAsync_ClaimedThing_MergesAndEmptyStringRemoves()
    {
        await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k1"), ThingNode.None), Ct);
        await _registry.ClaimAsync(Owner, new MineRequest(Tags("k1"), ThingNode.None), Ct);

        var outcome = await _registry.UpdateAsync(Device, new UpdateRequest(
            [MetaTag.String("KEY", string.Empty), MetaTag.String("CLASS", "PLC"), MetaTag.Numeric("V", 2)], ThingNode.None), Ct);

        Assert.AreEqual(UpdateOutcome.Updated, outcome);
        var tags = (await _store.GetAsync(Device, ThingNode.None, Ct))!.Tags;
        Assert.IsFalse(tags.Any(t => t.IsKey), "KEY blanked after the claim (§KEY tag)");
        Assert.AreEqual("PLC", tags.Single(t => t.Name == "CLASS").StringValue);
        Assert.AreEqual(2.0, tags.Single(t => t.Name == "V").NumericValue);
        Assert.AreEqual("394872348732948723", tags.Single(t => t.Name == "SN").StringValue, "tags not named stay");
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task UpdateAsync_UnclaimedRemovedOrNotTheOwners_DisownedOrNotFound()
    {
        Assert.AreEqual(UpdateOutcome.NotFound, await _registry.UpdateAsync(Device, new UpdateRequest([], ThingNode.None), Ct));
        await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k1"), ThingNode.None), Ct);
        Assert.AreEqual(UpdateOutcome.Disowned, await _registry.UpdateAsync(Device, new UpdateRequest([MetaTag.String("ROOM", "x")], ThingNode.None), Ct));
        Assert.IsFalse((await _store.GetAsync(Device, ThingNode.None, Ct))!.Tags.Any(t => t.Name == "ROOM"), "an unclaimed thing's update changes nothing");

        await _registry.ClaimAsync(Owner, new MineRequest(Tags("k1"), ThingNode.None), Ct);
        Assert.AreEqual(UpdateOutcome.Updated, await _registry.UpdateAsync(Owner,
            new UpdateRequest([MetaTag.String("ROOM", "Hall")], ThingNode.None, Device.Bare), Ct), "§Owner updating");
        Assert.AreEqual(UpdateOutcome.NotFound, await _registry.UpdateAsync(Stranger,
            new UpdateRequest([MetaTag.String("ROOM", "Attic")], ThingNode.None, Device.Bare), Ct), "not the sender's thing");
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task RemoveAsync_OwnerOnly()
    {
        await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k1"), ThingNode.None), Ct);
        await _registry.ClaimAsync(Owner, new MineRequest(Tags("k1"), ThingNode.None), Ct);
        var reference = new ThingReference(Device.Bare, ThingNode.None);

        Assert.IsNull(await _registry.RemoveAsync(Stranger, reference, Ct));
        Assert.AreEqual(Device, (await _registry.RemoveAsync(Owner, reference, Ct))?.Address);
        Assert.AreEqual(0, _store.Count);
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task CompleteDisownAsync_Owned_UnclaimedWithOnlyARandomKey()
    {
        await _registry.RegisterAsync(Device, new RegisterRequest(Tags("k1"), ThingNode.None), Ct);
        await _registry.ClaimAsync(Owner, new MineRequest(Tags("k1"), ThingNode.None), Ct);
        var thing = await _registry.FindOwnedAsync(Owner, new ThingReference(Device.Bare, ThingNode.None), Ct);

        Assert.IsTrue(await _registry.CompleteDisownAsync(Owner, thing!, Ct));

        var record = (await _store.GetAsync(Device, ThingNode.None, Ct))!;
        Assert.IsFalse(record.IsClaimed);
        Assert.AreEqual(MetaTagNames.Key, record.Tags.Single().Name);
        Assert.AreEqual(32, record.Tags.Single().StringValue!.Length, "128 random bits");
        Assert.IsNull(await _registry.ClaimAsync(Owner, new MineRequest(Tags("k1"), ThingNode.None), Ct));
        Assert.IsNull(await _registry.FindOwnedAsync(Stranger, new ThingReference(Device.Bare, ThingNode.None), Ct));
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task SearchAsync_PublicClaimedOnlyNeverKeyPagedAtMaxSearchCount()
    {
        for (var i = 0; i < 4; i++)
        {
            var thing = Jid.Parse($"thing{i}@example.org/x");
            await _registry.RegisterAsync(thing, new RegisterRequest(Tags("k" + i), ThingNode.None), Ct);
            if (i < 3)
            {
                await _registry.ClaimAsync(Owner, new MineRequest(Tags("k" + i), ThingNode.None, Public: i != 1), Ct);
            }
        }

        await _registry.RegisterAsync(Jid.Parse("self@example.org/x"), new RegisterRequest(Tags("ks"), ThingNode.None, SelfOwned: true), Ct);
        var byMan = new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "MAN", "www.ktc.se")], MaxCount: 50);

        var page1 = await _registry.SearchAsync(byMan, Ct);
        var page2 = await _registry.SearchAsync(byMan with { Offset = 2 }, Ct);

        // thing0, thing2 (public claimed) and self (self-owned); thing1 is private, thing3 unclaimed.
        Assert.AreEqual(2, page1.Things.Count, "maxCount 50 lowered to MaxSearchCount 2");
        Assert.IsTrue(page1.More);
        Assert.AreEqual(1, page2.Things.Count);
        Assert.IsFalse(page2.More);
        var all = page1.Things.Concat(page2.Things).ToList();
        CollectionAssert.AreEqual(new[] { "self@example.org", "thing0@example.org", "thing2@example.org" },
            all.Select(t => t.Thing.ToString()).ToArray());
        Assert.AreEqual("self@example.org", all[0].Owner.ToString(), "a self-owned thing is its own owner");
        Assert.IsFalse(all.SelectMany(t => t.Tags).Any(t => t.IsKey), "KEY is never returned");
        Assert.AreEqual(0, (await _registry.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "KEY", "k0")]), Ct))
            .Things.Count, "KEY is not searchable");
        Assert.AreEqual(0, (await _registry.SearchAsync(new SearchRequest([SearchOperator.Mask("key", "*")]), Ct)).Things.Count);
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task RegisterAsync_TooManyTags_Refused()
    {
        var tags = Enumerable.Range(0, 65).Select(i => MetaTag.String("T" + i, "v")).ToList();

        await Assert.ThrowsExactlyAsync<DiscoveryRequestException>(() => _registry.RegisterAsync(Device, new RegisterRequest(tags, ThingNode.None), Ct));
    }

    [TestMethod]
    [Timeout(5_000)]
    public async Task ClaimAsync_ThingsBehindConcentrator_NodeTellsThemApart()
    {
        var rack = Jid.Parse("rack@example.org/plcs");
        await _registry.RegisterAsync(rack, new RegisterRequest(Tags("k1"), new ThingNode("imc1", "MeteringTopology")), Ct);
        await _registry.RegisterAsync(rack, new RegisterRequest(Tags("k2"), new ThingNode("imc2", "MeteringTopology")), Ct);

        var claim = await _registry.ClaimAsync(Owner, new MineRequest(Tags("k2"), ThingNode.None), Ct);

        Assert.AreEqual(new ThingNode("imc2", "MeteringTopology"), claim?.Thing.Node);
        Assert.AreEqual(2, _store.Count);
    }

    public void Dispose() => _registry.Dispose();

    private CancellationToken Ct => TestContext.CancellationTokenSource.Token;

    private static List<MetaTag> Tags(string key) =>
    [
        MetaTag.String("SN", "394872348732948723"),
        MetaTag.String("MAN", "www.ktc.se"),
        MetaTag.String("MODEL", "IMC"),
        MetaTag.Numeric("V", 1.2),
        MetaTag.String("KEY", key),
    ];
}
