using System.Xml.Linq;
using Edge.Testing.Xmpp;
using Edge.Xmpp.Component;

namespace Edge.Xmpp.Tests.Component;

/// <summary>
/// The component's established stream, which it shares with the client (Internal.StreamSession): malformed input
/// answered with a stream error (RFC 6120 §4.9), the graceful close (§4.4), pending IQs failed with the connection.
/// </summary>
[TestClass]
public sealed class ComponentSessionTranscriptTests
{
    private static readonly XNamespace Accept = ComponentHarness.Accept;
    private static readonly XNamespace Streams = "http://etherx.jabber.org/streams";
    private static readonly XNamespace StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task HostileInput_MismatchedEndTag_NotWellFormedStreamErrorAndClose()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        await h.ConnectAsync(ct);
        var disconnected = new TaskCompletionSource<XmppDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Component.Disconnected += (_, e) => disconnected.TrySetResult(e);

        // S: <message from='owner@localhost/phone' to='registry.example.com'><body>x</message>
        await h.Server.SendAsync("<message from='owner@localhost/phone' to='registry.example.com'><body>x</message>", ct);

        // C: <stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>,
        //    then hangs up; the error is ours, not a stanza: no 'from' stamped on it
        var error = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Streams + "error", error.Name);
        Assert.AreEqual(StreamErrors + "not-well-formed", error.Elements().Single().Name);
        Assert.IsNull(error.Attribute("from"), error.ToString());
        Assert.AreEqual(FakeFrameKind.StreamEnd, (await h.Server.ReadFrameAsync(ct)).Kind);
        Assert.AreEqual(FakeFrameKind.Closed, (await h.Server.ReadFrameAsync(ct)).Kind);

        var args = await disconnected.Task.WaitAsync(ct);
        Assert.AreEqual("not-well-formed", (args.Cause as XmppProtocolException)?.StreamErrorCondition, args.Cause.ToString());
        Assert.IsFalse(args.WillReconnect, "AutoReconnect is off in this harness");
        Assert.IsFalse(h.Component.IsConnected);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DisposeAsync_StanzaQueued_SentThenStreamEnds()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        await h.ConnectAsync(ct);

        await h.Component.SendAsync(new XElement(XmppNamespaces.Client + "message", new XAttribute("to", "owner@localhost"),
            new XElement(XmppNamespaces.Client + "body", "last words")), ct);
        var dispose = h.Component.DisposeAsync().AsTask();

        // C: <message to='owner@localhost' from='registry.example.com'>…</message></stream:stream>
        var message = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Accept + "message", message.Name);
        Assert.AreEqual("last words", message.Element(Accept + "body")?.Value);
        Assert.AreEqual(FakeFrameKind.StreamEnd, (await h.Server.ReadFrameAsync(ct)).Kind);
        await h.Server.SendAsync("</stream:stream>", ct);
        await dispose.WaitAsync(ct);
        await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => h.Component.SendAsync(
            new XElement(XmppNamespaces.Client + "message", new XAttribute("to", "owner@localhost")), ct));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqAsync_ServerEndsStream_PendingIqFailsWithConnectionLoss()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        await h.ConnectAsync(ct);
        var ask = h.Component.SendIqAsync(h.Component.CreateIq("get", Jid.Parse("agent@localhost/edge"),
            new XElement(XName.Get("query", "http://jabber.org/protocol/disco#info"))), ct);
        var iq = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(ComponentHarness.Domain, (string?)iq.Attribute("from"));

        // S: </stream:stream> before any answer
        await h.Server.SendAsync("</stream:stream>", ct);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => ask);
        Assert.AreEqual(ConnectionFailure.Socket, e.Failure);
        StringAssert.StartsWith(e.Message, "The connection was lost: ");
        await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => h.Component.SendIqAsync(
            h.Component.CreateIq("get", null, new XElement(XName.Get("ping", "urn:xmpp:ping"))), ct));
    }
}
