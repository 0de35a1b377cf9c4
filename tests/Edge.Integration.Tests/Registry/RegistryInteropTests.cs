using System.Xml.Linq;
using Edge.Integration.Tests.Interop;
using Edge.Iot.Discovery;
using Edge.Testing.Servers;

namespace Edge.Integration.Tests.Registry;

/// <summary>The owner's side driven by an independent client — Debian's slixmpp sending raw XEP-0347 stanzas — not our code.</summary>
[TestClass]
[DoNotParallelize]
public sealed class RegistryInteropTests
{
    private static readonly XNamespace Ns = "urn:xmpp:iot:discovery";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(90_000)]
    public async Task Mine_RawFromSlixmpp_OwnerGetsThingDeviceToldAndSearchHidesKey()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var (_, device) = await world.DeviceAsync(ct);
        var told = new TaskCompletionSource<ClaimedInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Claimed += (_, c) => told.TrySetResult(c);
        device.HandlePushes();
        List<MetaTag> tags = [MetaTag.String("SN", "SLIX-1"), MetaTag.String("MAN", "edge.example"), MetaTag.Numeric("V", 2.5), MetaTag.String("KEY", "slix-key-0123456789")];
        Assert.IsNull(await device.RegisterAsync(new RegisterRequest(tags, ThingNode.None), ct));

        // The tags in lower case and another order: names are case-insensitive (§Claiming Ownership, note).
        var mine = await SlixBackend.RunAsync("iq", "--device", Server.Xmpp.ComponentDomain, "--type", "set", "--payload",
            "<mine xmlns='urn:xmpp:iot:discovery'><num name='v' value='2.5'/><str name='key' value='slix-key-0123456789'/>"
            + "<str name='man' value='edge.example'/><str name='sn' value='SLIX-1'/></mine>");

        var reply = SlixBackend.Xml(mine.Single(), "iq");
        Assert.AreEqual("result", (string?)reply.Attribute("type"), reply.ToString());
        Assert.AreEqual(TestAccounts.AgentJid, (string?)reply.Element(Ns + "claimed")?.Attribute("jid"));
        var pushed = await told.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);
        Assert.AreEqual(TestAccounts.BackendJid, pushed.Jid.ToString());

        var search = await SlixBackend.RunAsync("iq", "--device", Server.Xmpp.ComponentDomain, "--type", "get", "--payload",
            "<search xmlns='urn:xmpp:iot:discovery' offset='0' maxCount='10'><strEq name='SN' value='SLIX-1'/><numGtEq name='V' value='2'/></search>");

        var found = SlixBackend.Xml(search.Single(), "iq").Element(Ns + "found");
        Assert.IsNotNull(found, search.Single().ToString());
        var thing = found.Element(Ns + "thing")!;
        Assert.AreEqual(TestAccounts.AgentJid, (string?)thing.Attribute("jid"));
        Assert.AreEqual(TestAccounts.BackendJid, (string?)thing.Attribute("owner"));
        Assert.IsFalse(thing.Elements().Any(t => ((string?)t.Attribute("name"))?.Equals("KEY", StringComparison.OrdinalIgnoreCase) == true),
            thing.ToString());
    }
}
