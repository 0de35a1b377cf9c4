using System.Xml.Linq;
using Edge.Agent.Provisioning;
using Edge.Integration.Tests.Interop;
using Edge.Iot.Discovery;
using Edge.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>
    /// The real agent as the thing, slixmpp as its owner: the owner claims it with the tags of the claim string the agent
    /// wrote (raw <c>mine</c>), the agent learns it and blanks its KEY; the owner disowns it (raw <c>disown</c>), the agent
    /// acknowledges and registers again with a new KEY.
    /// </summary>
    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_ClaimedAndDisownedByRawSlixmppOwner_FollowsEveryStep()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var data = Directory.CreateTempSubdirectory("edge-it-slixowner-").FullName;
        var file = Path.Combine(data, ProvisioningState.FileName);
        try
        {
            await using var agent = await AgentUnderTest.StartAsync("provisioning", new Dictionary<string, string?>
            {
                ["Agent:DataDirectory"] = data,
                ["Agent:Provisioning:Enabled"] = "true",
                ["Agent:Provisioning:Tags:SN"] = "SLIX-OWNER-1",
                ["Agent:Provisioning:Tags:LAT"] = "59.5",
            });
            var registered = await WaitForAsync(file, s => s.State == ProvisioningState.Registered, "registered");
            Assert.IsTrue(ClaimUri.TryParse(registered.ClaimUri, out var claim, out var error), error);
            var mine = new XElement(Ns + "mine", new XAttribute("public", "true"),
                claim.Tags.Select(t => new XElement(Ns + (t.IsNumeric ? "num" : "str"), new XAttribute("name", t.Name), new XAttribute("value", t.ValueText))));

            var claimed = SlixBackend.Xml((await SlixBackend.RunAsync("iq", "--device", Server.Xmpp.ComponentDomain, "--type", "set",
                "--payload", mine.ToString(SaveOptions.DisableFormatting))).Single(), "iq");

            Assert.AreEqual("result", (string?)claimed.Attribute("type"), claimed.ToString());
            Assert.AreEqual(TestAccounts.AgentJid, (string?)claimed.Element(Ns + "claimed")?.Attribute("jid"));
            var owned = await WaitForAsync(file, s => s.State == ProvisioningState.Claimed && s.KeyCleared, "claimed, KEY blanked");
            Assert.AreEqual(TestAccounts.BackendJid, owned.Owner);

            var disowned = SlixBackend.Xml((await SlixBackend.RunAsync("iq", "--device", Server.Xmpp.ComponentDomain, "--type", "set",
                "--payload", $"<disown xmlns='urn:xmpp:iot:discovery' jid='{TestAccounts.AgentJid}'/>")).Single(), "iq");

            Assert.AreEqual("result", (string?)disowned.Attribute("type"), disowned.ToString());
            var again = await WaitForAsync(file, s => s.State == ProvisioningState.Registered, "registered again");
            Assert.AreNotEqual(registered.Key, again.Key);
            Assert.AreEqual(2, agent.Host.Services.GetRequiredService<ThingRegistration>().Registrations);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<ProvisioningState> WaitForAsync(string file, Func<ProvisioningState, bool> condition, string what)
    {
        ProvisioningState? found = null;
        await Clients.WaitUntilAsync(() => ProvisioningState.TryLoad(file, out found, out _) && condition(found), TimeSpan.FromSeconds(30),
            $"provisioning.json to say {what}");
        return found!;
    }
}
