using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

[TestClass]
public sealed class IqTrackerTests
{
    private static readonly Jid Self = Jid.Parse("user@example.com/edge");

    [TestMethod]
    public void TryComplete_ResultFromTheAddressee_Completes()
    {
        var tracker = new IqTracker();
        var pending = tracker.Register("q1", Jid.Parse("pubsub.example.com"));
        var result = Response("q1", "pubsub.example.com");

        Assert.IsTrue(tracker.TryComplete(result, Self));

        Assert.IsTrue(pending.IsCompletedSuccessfully);
        Assert.AreSame(result, pending.Result);
        Assert.AreEqual(0, tracker.Count);
    }

    [TestMethod]
    [DataRow("mallory@evil.example")]
    [DataRow("pubsub.example.com/spoof")]
    [DataRow("example.com")]
    [DataRow(null)]
    public void TryComplete_ResultFromSomeoneElse_NotCompleted(string? from)
    {
        var tracker = new IqTracker();
        var pending = tracker.Register("q1", Jid.Parse("pubsub.example.com"));

        Assert.IsFalse(tracker.TryComplete(Response("q1", from), Self));

        Assert.IsFalse(pending.IsCompleted);
        Assert.AreEqual(1, tracker.Count, "A spoofed answer does not remove the request: the real one can still arrive.");
        Assert.IsTrue(tracker.TryComplete(Response("q1", "pubsub.example.com"), Self));
        Assert.IsTrue(pending.IsCompletedSuccessfully);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("example.com")]
    [DataRow("user@example.com")]
    [DataRow("user@example.com/edge")]
    public void TryComplete_RequestToOwnServerAnsweredByServerOrSelf_Completes(string? from)
    {
        var tracker = new IqTracker();
        var pending = tracker.Register("q1", to: null);

        Assert.IsTrue(tracker.TryComplete(Response("q1", from), Self));

        Assert.IsTrue(pending.IsCompletedSuccessfully);
    }

    [TestMethod]
    [DataRow("other@example.com")]
    [DataRow("conference.example.com")]
    public void TryComplete_RequestToOwnServerAnsweredByAnotherEntity_NotCompleted(string from)
    {
        var tracker = new IqTracker();
        var pending = tracker.Register("q1", to: null);

        Assert.IsFalse(tracker.TryComplete(Response("q1", from), Self));

        Assert.IsFalse(pending.IsCompleted);
    }

    [TestMethod]
    public void TryComplete_RequestToOwnBareJidAnsweredWithoutFrom_Completes()
    {
        var tracker = new IqTracker();
        var pending = tracker.Register("q1", Self.Bare);

        Assert.IsTrue(tracker.TryComplete(Response("q1", null), Self));

        Assert.IsTrue(pending.IsCompletedSuccessfully);
    }

    [TestMethod]
    public void TryComplete_UnknownOrMissingId_False()
    {
        var tracker = new IqTracker();
        tracker.Register("q1", null);

        Assert.IsFalse(tracker.TryComplete(Response("q2", null), Self));
        Assert.IsFalse(tracker.TryComplete(new XElement("iq", new XAttribute("type", "result")), Self));
        Assert.AreEqual(1, tracker.Count);
    }

    [TestMethod]
    public void Register_DuplicateId_Throws()
    {
        var tracker = new IqTracker();
        tracker.Register("q1", null);

        Assert.ThrowsExactly<InvalidOperationException>(() => tracker.Register("q1", null));
    }

    [TestMethod]
    public void Remove_Pending_LateAnswerIgnored()
    {
        var tracker = new IqTracker();
        var pending = tracker.Register("q1", null);

        tracker.Remove("q1");

        Assert.IsFalse(tracker.TryComplete(Response("q1", null), Self));
        Assert.IsFalse(pending.IsCompleted);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task FailAll_Pending_EachFailsWithTheCause()
    {
        var tracker = new IqTracker();
        var first = tracker.Register("q1", null);
        var second = tracker.Register("q2", Jid.Parse("pubsub.example.com"));
        var cause = new XmppConnectionException(ConnectionFailure.Socket, "The connection was lost.");

        tracker.FailAll(cause);

        Assert.AreSame(cause, await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => first));
        Assert.AreSame(cause, await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => second));
        Assert.AreEqual(0, tracker.Count);
    }

    private static XElement Response(string id, string? from)
    {
        var iq = new XElement(XmppNamespaces.Client + "iq", new XAttribute("type", "result"), new XAttribute("id", id));
        if (from is not null)
        {
            iq.SetAttributeValue("from", from);
        }

        return iq;
    }
}
