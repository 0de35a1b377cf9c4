using System.Xml.Linq;
using Edge.Iot;
using Edge.Iot.Provisioning;
using Edge.Things;
using Edge.Xmpp;
using static Edge.Agent.Tests.Provisioning.DelegationRig;

namespace Edge.Agent.Tests.Provisioning;

/// <summary>
/// XEP-0324 decisions of a claimed device, as transcripts: the owner needs no question; anyone else is decided by the
/// provisioning service (§Device Read-out: canRead, §Device Control: canControl) and cached (§Caching); clearCache from
/// the service only (§Clear cache); a service that does not answer means no, not cached.
/// </summary>
[TestClass]
public sealed class DelegatedAccessPolicyTests
{
    private const string Stranger = "stranger@example.org";
    private static readonly ThingNode Meter = new(new ThingReference("meter-1"), "meter");

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationTokenSource.Token;

    [TestMethod]
    [Timeout(10_000)]
    public async Task Decide_Owner_AllowedUnrestrictedWithoutAskingTheService()
    {
        await using var rig = await StartAsync(Ct);

        var decision = await rig.Policy.DecideAsync(new AccessRequest(Jid.Parse(Owner + "/phone"), IotOperation.Control, [Meter])
        {
            ParameterNames = ["setpoint"],
        }, Ct);

        Assert.IsTrue(decision.Allowed);
        Assert.IsFalse(decision.IsRestricted);
        await rig.ExpectNothingSentAsync(Ct);
        Assert.AreEqual(0, rig.Policy.Cache.Count, "nothing to cache: the owner is never asked about");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Decide_StrangerReadout_OneCanReadWithNodesFieldsTokens_AnswerRestricts_RepeatFromCache()
    {
        await using var rig = await StartAsync(Ct);
        var request = ReadRequest() with { Tokens = new AccessTokens(ServiceToken: "ST1", UserToken: "UT1") };

        var deciding = rig.Policy.DecideAsync(request, Ct).AsTask();
        var canRead = await rig.ExpectQuestionAsync("canRead", Ct);
        Assert.AreEqual(Stranger, (string?)canRead.Attribute("jid"), "the bare JID of the requester");
        Assert.AreEqual("true", (string?)canRead.Attribute("momentary"));
        Assert.AreEqual("ST1", (string?)canRead.Attribute("serviceToken"));
        Assert.AreEqual("UT1", (string?)canRead.Attribute("userToken"));
        Assert.IsNull(canRead.Attribute("deviceToken"));
        CollectionAssert.AreEqual(new[] { "meter-1" }, canRead.Elements(Prov + "node").Select(n => (string?)n.Attribute("nodeId")).ToArray());
        CollectionAssert.AreEqual(new[] { "power", "energy" }, canRead.Elements(Prov + "field").Select(f => (string?)f.Attribute("name")).ToArray());
        await rig.AnswerAsync(canRead, $"<canReadResponse xmlns='{Prov}' jid='{Stranger}' momentary='true' result='true'>"
            + "<node nodeId='meter-1'/><field name='power'/></canReadResponse>", Ct);

        var decision = await deciding;
        Assert.IsTrue(decision.Allowed);
        CollectionAssert.AreEquivalent(new[] { "power" }, decision.FieldNames!.ToArray(), "only what the service allowed");
        CollectionAssert.AreEquivalent(new[] { "meter-1" }, decision.NodeIds!.ToArray());

        var again = await rig.Policy.DecideAsync(request, Ct);
        await rig.ExpectNothingSentAsync(Ct);
        Assert.IsTrue(again.Allowed, "from the cache");
        CollectionAssert.AreEquivalent(new[] { "power" }, again.FieldNames!.ToArray());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Decide_StrangerControl_PartialParameterListAnswered_OnlyThoseAllowed()
    {
        await using var rig = await StartAsync(Ct);

        var deciding = rig.Policy.DecideAsync(new AccessRequest(Jid.Parse(Stranger + "/app"), IotOperation.Control, [Meter])
        {
            ParameterNames = ["setpoint", "mode", "limit"],
        }, Ct).AsTask();
        var canControl = await rig.ExpectQuestionAsync("canControl", Ct);
        Assert.AreEqual(Stranger, (string?)canControl.Attribute("jid"));
        Assert.IsNull(canControl.Attribute("serviceToken"), "no token in the request, none in the question");
        CollectionAssert.AreEqual(new[] { "setpoint", "mode", "limit" },
            canControl.Elements(Prov + "parameter").Select(p => (string?)p.Attribute("name")).ToArray());
        await rig.AnswerAsync(canControl, $"<canControlResponse xmlns='{Prov}' jid='{Stranger}' result='true'>"
            + "<parameter name='setpoint'/><parameter name='limit'/></canControlResponse>", Ct);

        var decision = await deciding;
        Assert.IsTrue(decision.Allowed);
        CollectionAssert.AreEquivalent(new[] { "setpoint", "limit" }, decision.ParameterNames!.ToArray());
        Assert.IsNull(decision.FieldNames);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ClearCache_FromService_AnsweredClearCacheResponse_CacheEmptied_NextRequestAsksAgain()
    {
        await using var rig = await StartAsync(Ct);
        await AskAndAllowAsync(rig);
        Assert.AreEqual(1, rig.Policy.Cache.Count);

        await rig.Server.SendAsync($"<iq type='set' id='cc1' from='{Service}' to='{Device}'><clearCache xmlns='{Prov}'/></iq>", Ct);
        var answer = await rig.Server.ReadElementAsync(Ct);

        // §Clear cache: <iq type='result'><clearCacheResponse xmlns='urn:xmpp:iot:provisioning'/></iq>
        Assert.AreEqual("result", (string?)answer.Attribute("type"), answer.ToString());
        Assert.AreEqual("cc1", (string?)answer.Attribute("id"));
        Assert.AreEqual(Service, (string?)answer.Attribute("to"));
        Assert.AreEqual(Prov + "clearCacheResponse", answer.Elements().Single().Name, answer.ToString());
        Assert.AreEqual(0, rig.Policy.Cache.Count);
        await AskAndAllowAsync(rig);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ClearCache_FromStranger_Forbidden_CacheKept()
    {
        await using var rig = await StartAsync(Ct);
        await AskAndAllowAsync(rig);

        await rig.Server.SendAsync($"<iq type='set' id='cc2' from='mallory@example.org/x' to='{Device}'><clearCache xmlns='{Prov}'/></iq>", Ct);
        var answer = await rig.Server.ReadElementAsync(Ct);

        Assert.AreEqual("error", (string?)answer.Attribute("type"), answer.ToString());
        Assert.AreEqual("cc2", (string?)answer.Attribute("id"));
        Assert.AreEqual(Stanzas + "forbidden", answer.Element(Client + "error")!.Elements().First().Name, answer.ToString());
        Assert.AreEqual(1, rig.Policy.Cache.Count);
        Assert.IsTrue((await rig.Policy.DecideAsync(ReadRequest(), Ct)).Allowed);
        await rig.ExpectNothingSentAsync(Ct); // still from the cache
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Decide_ServiceDoesNotAnswer_DeniedNotCached_NextRequestAsksAgain()
    {
        await using var rig = await StartAsync(Ct);

        var deciding = rig.Policy.DecideAsync(ReadRequest(), Ct).AsTask();
        await rig.ExpectQuestionAsync("canRead", Ct);
        while (!deciding.IsCompleted)
        {
            rig.Harness.Time.Advance(rig.Harness.Options.IqTimeout); // the IQ timeout runs on the fake clock
            await Task.WhenAny(deciding, Task.Delay(50, Ct));
        }

        Assert.IsFalse((await deciding).Allowed, "no answer means no");
        Assert.AreEqual(0, rig.Policy.Cache.Count, "a silence is not a decision");
        await AskAndAllowAsync(rig);
    }

    private static AccessRequest ReadRequest() => new(Jid.Parse(Stranger + "/app"), IotOperation.Read, [Meter])
    {
        Types = ReadoutTypes.Momentary,
        FieldNames = ["power", "energy"],
    };

    /// <summary>The stranger's readout: one canRead on the wire, answered yes without restriction.</summary>
    private async Task AskAndAllowAsync(DelegationRig rig)
    {
        var deciding = rig.Policy.DecideAsync(ReadRequest(), Ct).AsTask();
        var canRead = await rig.ExpectQuestionAsync("canRead", Ct);
        await rig.AnswerAsync(canRead, $"<canReadResponse xmlns='{Prov}' jid='{Stranger}' momentary='true' result='true'/>", Ct);
        var decision = await deciding;
        Assert.IsTrue(decision.Allowed);
        Assert.IsFalse(decision.IsRestricted);
    }
}
