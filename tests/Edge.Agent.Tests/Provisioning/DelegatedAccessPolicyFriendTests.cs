using static Edge.Agent.Tests.Provisioning.DelegationRig;

namespace Edge.Agent.Tests.Provisioning;

/// <summary>
/// XEP-0324 friendships of a claimed device, as transcripts: friend / unfriend recommendations honoured from the
/// provisioning service only (§Recommending friendships, §Unfriending: "received from other entities … silently
/// ignored"), a stranger's subscription request decided by isFriend (§Friendships), the owner's left to
/// ThingRegistration.
/// </summary>
[TestClass]
public sealed class DelegatedAccessPolicyFriendTests
{
    private const string Recommended = "client2@example.org";
    private const string Stranger = "stranger@example.org";
    private const string Ignored = "ignored: only the provisioning service";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationTokenSource.Token;

    [TestMethod]
    [Timeout(10_000)]
    public async Task FriendMessage_FromService_IsFriendAskedThenSubscribeSent()
    {
        await using var rig = await StartAsync(Ct);

        await rig.Server.SendAsync(Recommendation(Service, "friend"), Ct);
        var isFriend = await rig.ExpectQuestionAsync("isFriend", Ct);
        Assert.AreEqual(Recommended, (string?)isFriend.Attribute("jid"));
        await rig.AnswerAsync(isFriend, $"<isFriendResponse xmlns='{Prov}' jid='{Recommended}' result='true'/>", Ct);

        await rig.ExpectPresenceAsync("subscribe", Recommended, Ct);
        await rig.ExpectNothingSentAsync(Ct);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task FriendMessage_FromService_IsFriendSaysNo_NoSubscribe()
    {
        await using var rig = await StartAsync(Ct);

        await rig.Server.SendAsync(Recommendation(Service, "friend"), Ct);
        var isFriend = await rig.ExpectQuestionAsync("isFriend", Ct);
        await rig.AnswerAsync(isFriend, $"<isFriendResponse xmlns='{Prov}' jid='{Recommended}' result='false'/>", Ct);

        await rig.WaitForLogAsync($"asked isFriend about {Recommended}: no", 1, Ct);
        await rig.ExpectNothingSentAsync(Ct);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task UnfriendMessage_FromService_UnsubscribedThenUnsubscribe_NoQuestion()
    {
        await using var rig = await StartAsync(Ct);

        await rig.Server.SendAsync(Recommendation(Service + "/service", "unfriend"), Ct);

        await rig.ExpectPresenceAsync("unsubscribed", Recommended, Ct);
        await rig.ExpectPresenceAsync("unsubscribe", Recommended, Ct);
        await rig.ExpectNothingSentAsync(Ct);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task FriendAndUnfriendMessages_FromStranger_NothingSent()
    {
        await using var rig = await StartAsync(Ct);

        await rig.Server.SendAsync(Recommendation("mallory@example.org/x", "friend"), Ct);
        await rig.Server.SendAsync(Recommendation("mallory@example.org/x", "unfriend"), Ct);

        await rig.WaitForLogAsync(Ignored, 2, Ct);
        await rig.ExpectNothingSentAsync(Ct);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Subscribe_FromStranger_IsFriendYes_Subscribed()
    {
        await using var rig = await StartAsync(Ct);

        await rig.Server.SendAsync(Subscribe(Stranger + "/app"), Ct);
        var isFriend = await rig.ExpectQuestionAsync("isFriend", Ct);
        Assert.AreEqual(Stranger, (string?)isFriend.Attribute("jid"), "the bare JID");
        await rig.AnswerAsync(isFriend, $"<isFriendResponse xmlns='{Prov}' jid='{Stranger}' result='true'/>", Ct);

        await rig.ExpectPresenceAsync("subscribed", Stranger, Ct);
        await rig.ExpectNothingSentAsync(Ct);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Subscribe_FromStranger_IsFriendNo_Unsubscribed()
    {
        await using var rig = await StartAsync(Ct);

        await rig.Server.SendAsync(Subscribe(Stranger), Ct);
        var isFriend = await rig.ExpectQuestionAsync("isFriend", Ct);
        await rig.AnswerAsync(isFriend, $"<isFriendResponse xmlns='{Prov}' jid='{Stranger}' result='false'/>", Ct);

        await rig.ExpectPresenceAsync("unsubscribed", Stranger, Ct);
        await rig.ExpectNothingSentAsync(Ct);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Subscribe_FromOwner_PolicySendsNothing()
    {
        await using var rig = await StartAsync(Ct);
        Assert.IsTrue(await rig.Policy.IsAllowedAsync(Edge.Xmpp.Jid.Parse(Owner), Edge.Iot.IotOperation.Read, [], Ct)); // claim loaded

        // The owner's request first, then a stranger's: the owner's needs no I/O, so by the time the stranger's round
        // trip is over it is done; anything it sent (a question or a presence) would come before the stranger's answer.
        await rig.Server.SendAsync(Subscribe(Owner + "/phone"), Ct);
        await rig.Server.SendAsync(Subscribe(Stranger), Ct);
        var isFriend = await rig.ExpectQuestionAsync("isFriend", Ct);
        Assert.AreEqual(Stranger, (string?)isFriend.Attribute("jid"), "no isFriend about the owner");
        await rig.AnswerAsync(isFriend, $"<isFriendResponse xmlns='{Prov}' jid='{Stranger}' result='true'/>", Ct);
        await rig.ExpectPresenceAsync("subscribed", Stranger, Ct);
        await rig.ExpectNothingSentAsync(Ct);
    }

    private static string Recommendation(string from, string kind) =>
        $"<message from='{from}' to='{Device}'><{kind} xmlns='{Prov}' jid='{Recommended}'/></message>";

    private static string Subscribe(string from) => $"<presence from='{from}' to='user@example.com' type='subscribe'/>";
}
