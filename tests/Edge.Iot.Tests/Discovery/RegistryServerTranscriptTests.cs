using System.Xml.Linq;
using Edge.Iot.Discovery;
using Edge.Iot.Discovery.Registry;
using Edge.Testing.Xmpp;

namespace Edge.Iot.Tests.Discovery;

/// <summary>
/// The registry's side of XEP-0347 over an XEP-0114 component: literal "server sends / component sends" transcripts
/// of each request, its answer and the pushes to things, and the errors.
/// </summary>
[TestClass]
public sealed class RegistryServerTranscriptTests
{
    private static readonly XNamespace Accept = ComponentHarness.Accept;
    private static readonly XNamespace Ns = "urn:xmpp:iot:discovery";
    private static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private const string Tags = "<str name='SN' value='394872348732948723'/><str name='MAN' value='www.ktc.se'/>"
        + "<str name='MODEL' value='IMC'/><num name='V' value='1.2'/><str name='KEY' value='4857402340298342'/>";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task RegisterThenMine_ExactTags_OwnerAnsweredThenThingToldClaimed()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = await StartAsync(ct);

        // §Registering Thing: S: register from thing@example.org/imc → C: empty result
        await h.Server.SendAsync($"<iq type='set' id='1' from='thing@example.org/imc' to='{ComponentHarness.Domain}'>"
            + $"<register xmlns='urn:xmpp:iot:discovery'>{Tags}</register></iq>", ct);
        var registered = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("result", (string?)registered.Attribute("type"), registered.ToString());
        Assert.IsFalse(registered.HasElements, "a new registration is answered with an empty result");

        // §Claiming Ownership: S: mine (tags in another order) → C: result <claimed jid='thing@example.org' public='true'/>
        await h.Server.SendAsync($"<iq type='set' id='4' from='owner@example.org/phone' to='{ComponentHarness.Domain}'>"
            + "<mine xmlns='urn:xmpp:iot:discovery'><str name='KEY' value='4857402340298342'/><num name='V' value='1.2'/>"
            + "<str name='MODEL' value='IMC'/><str name='MAN' value='www.ktc.se'/><str name='SN' value='394872348732948723'/></mine></iq>", ct);
        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("4", (string?)answer.Attribute("id"));
        Assert.AreEqual("result", (string?)answer.Attribute("type"), answer.ToString());
        var claimed = answer.Element(Ns + "claimed")!;
        Assert.AreEqual("thing@example.org", (string?)claimed.Attribute("jid"));
        Assert.AreEqual("true", (string?)claimed.Attribute("public"));

        // C: <iq type='set' to='thing@example.org/imc'><claimed jid='owner@example.org' public='true'/></iq> — after the answer.
        var push = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Accept + "iq", push.Name);
        Assert.AreEqual("set", (string?)push.Attribute("type"));
        Assert.AreEqual("thing@example.org/imc", (string?)push.Attribute("to"));
        Assert.AreEqual(ComponentHarness.Domain, (string?)push.Attribute("from"));
        Assert.AreEqual("owner@example.org", (string?)push.Element(Ns + "claimed")?.Attribute("jid"));
        Assert.AreEqual("true", (string?)push.Element(Ns + "claimed")?.Attribute("public"), "public is always written");
        await h.Server.SendAsync($"<iq type='result' id='{(string?)push.Attribute("id")}' from='thing@example.org/imc' to='{ComponentHarness.Domain}'/>", ct);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Mine_NoSuchThing_CancelItemNotFound()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = await StartAsync(ct);

        await h.Server.SendAsync($"<iq type='set' id='4' from='owner@example.org/phone' to='{ComponentHarness.Domain}'>"
            + $"<mine xmlns='urn:xmpp:iot:discovery'>{Tags}</mine></iq>", ct);

        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("error", (string?)answer.Attribute("type"));
        var error = answer.Element(Accept + "error")!;
        Assert.AreEqual("cancel", (string?)error.Attribute("type"));
        Assert.AreEqual(Stanzas + "item-not-found", error.Elements().First().Name);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Register_MalformedOrAsGet_BadRequest()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = await StartAsync(ct);

        await h.Server.SendAsync($"<iq type='set' id='b1' from='thing@example.org/imc' to='{ComponentHarness.Domain}'>"
            + "<register xmlns='urn:xmpp:iot:discovery'><num name='V' value='one-point-two'/></register></iq>", ct);
        await h.Server.SendAsync($"<iq type='get' id='b2' from='thing@example.org/imc' to='{ComponentHarness.Domain}'>"
            + $"<register xmlns='urn:xmpp:iot:discovery'>{Tags}</register></iq>", ct);

        foreach (var _ in new[] { 1, 2 })
        {
            var answer = await h.Server.ReadElementAsync(ct);
            Assert.AreEqual("error", (string?)answer.Attribute("type"), answer.ToString());
            Assert.AreEqual(Stanzas + "bad-request", answer.Element(Accept + "error")?.Elements().First().Name);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Update_UnclaimedThing_ResultDisowned()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = await StartAsync(ct);
        await h.Server.SendAsync($"<iq type='set' id='1' from='thing@example.org/imc' to='{ComponentHarness.Domain}'>"
            + $"<register xmlns='urn:xmpp:iot:discovery'>{Tags}</register></iq>", ct);
        await h.Server.ReadElementAsync(ct);

        // §Update Meta Information, "Update Meta Data response to request from disowned Thing".
        await h.Server.SendAsync($"<iq type='set' id='8' from='thing@example.org/imc' to='{ComponentHarness.Domain}'>"
            + "<update xmlns='urn:xmpp:iot:discovery'><str name='CLASS' value='PLC'/></update></iq>", ct);

        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.IsNotNull(answer.Element(Ns + "disowned"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Disown_ThingAnswersError_NotAllowedAndStillOwned()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = await StartAsync(ct);
        await ClaimAsync(h, ct);

        await h.Server.SendAsync($"<iq type='set' id='11' from='owner@example.org/phone' to='{ComponentHarness.Domain}'>"
            + "<disown xmlns='urn:xmpp:iot:discovery' jid='thing@example.org'/></iq>", ct);

        // C: disowned to the thing, before any answer to the owner; S: the thing is gone (service-unavailable).
        var push = await h.Server.ReadElementAsync(ct);
        Assert.IsNotNull(push.Element(Ns + "disowned"), push.ToString());
        await h.Server.SendAsync($"<iq type='error' id='{(string?)push.Attribute("id")}' from='thing@example.org/imc' to='{ComponentHarness.Domain}'>"
            + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", ct);

        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("11", (string?)answer.Attribute("id"));
        Assert.AreEqual(Stanzas + "not-allowed", answer.Element(Accept + "error")?.Elements().First().Name);
        Assert.AreEqual("cancel", (string?)answer.Element(Accept + "error")?.Attribute("type"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Search_KeyOperator_EmptyFound()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = await StartAsync(ct);
        await ClaimAsync(h, ct);

        await h.Server.SendAsync($"<iq type='get' id='9' from='curious@example.org/client' to='{ComponentHarness.Domain}'>"
            + "<search xmlns='urn:xmpp:iot:discovery'><strEq name='KEY' value='4857402340298342'/></search></iq>", ct);
        var byKey = await h.Server.ReadElementAsync(ct);
        await h.Server.SendAsync($"<iq type='get' id='10' from='curious@example.org/client' to='{ComponentHarness.Domain}'>"
            + "<search xmlns='urn:xmpp:iot:discovery' offset='0' maxCount='20'><strMask name='SN' value='39487*' wildcard='*'/></search></iq>", ct);
        var byMask = await h.Server.ReadElementAsync(ct);

        Assert.AreEqual(0, byKey.Element(Ns + "found")!.Elements().Count());
        var thing = byMask.Element(Ns + "found")!.Element(Ns + "thing")!;
        Assert.AreEqual("owner@example.org", (string?)thing.Attribute("owner"));
        Assert.AreEqual("false", (string?)byMask.Element(Ns + "found")!.Attribute("more"));
        Assert.IsFalse(thing.Elements().Any(t => (string?)t.Attribute("name") == "KEY"), thing.ToString());
    }

    private static async Task<ComponentHarness> StartAsync(CancellationToken ct)
    {
        var h = new ComponentHarness();
        var registry = new ThingRegistry(new InMemoryThingStore(), new ThingRegistryOptions { DisownTimeout = TimeSpan.FromSeconds(5) });
        ThingRegistryServer.Register(h.Component, registry);
        await h.ConnectAsync(ct);
        return h;
    }

    /// <summary>Registers thing@example.org/imc and lets owner@example.org claim it (public), acknowledging the push.</summary>
    private static async Task ClaimAsync(ComponentHarness h, CancellationToken ct)
    {
        await h.Server.SendAsync($"<iq type='set' id='r' from='thing@example.org/imc' to='{ComponentHarness.Domain}'>"
            + $"<register xmlns='urn:xmpp:iot:discovery'>{Tags}</register></iq>", ct);
        await h.Server.ReadElementAsync(ct);
        await h.Server.SendAsync($"<iq type='set' id='m' from='owner@example.org/phone' to='{ComponentHarness.Domain}'>"
            + $"<mine xmlns='urn:xmpp:iot:discovery'>{Tags}</mine></iq>", ct);
        await h.Server.ReadElementAsync(ct);
        var push = await h.Server.ReadElementAsync(ct);
        await h.Server.SendAsync($"<iq type='result' id='{(string?)push.Attribute("id")}' from='thing@example.org/imc' to='{ComponentHarness.Domain}'/>", ct);
    }
}
