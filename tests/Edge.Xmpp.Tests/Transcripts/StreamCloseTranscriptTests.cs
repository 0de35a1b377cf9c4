using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Transcripts;

/// <summary>
/// Closing an established session with XEP-0198 on. ejabberd asks for acks (<c>&lt;r/&gt;</c>) right after whatever it
/// sends (its caps disco#info query follows every initial presence), so requests cross a client's closing all the
/// time; and a stream that does not end with <c>&lt;/stream:stream&gt;</c> is "unfinished" (XEP-0198 §7): the server
/// keeps the session waiting for a resumption, 300 s on our ejabberd.
/// </summary>
[TestClass]
public sealed class StreamCloseTranscriptTests
{
    private static readonly XNamespace Sm = ClientHarness.Sm;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task DisposeAsync_StreamManagementOn_FinalAckOfHandledStanzasThenStreamEnd()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.AckRequestDelay = TimeSpan.FromHours(1));
        await h.LoginAsync(ct, streamManagement: true);

        // S: two messages and a ping; C: the pong (so both messages were handled before the close)
        await h.Server.SendAsync("<message from='a@example.com/x' type='chat' id='m1'><body>1</body></message>"
            + "<message from='a@example.com/x' type='chat' id='m2'><body>2</body></message>"
            + "<iq type='get' id='p1' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>", ct);
        Assert.AreEqual("p1", (string?)(await h.Server.ReadElementAsync(ct)).Attribute("id"));

        var closing = h.Client.DisposeAsync().AsTask();

        // C: <a xmlns='urn:xmpp:sm:3' h='3'/></stream:stream> — the server need not re-route what the client handled
        var ack = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Sm + "a", ack.Name);
        Assert.AreEqual("3", (string?)ack.Attribute("h"));
        Assert.AreEqual(FakeFrameKind.StreamEnd, (await h.Server.ReadFrameAsync(ct)).Kind);
        await h.Server.SendAsync("</stream:stream>", ct);
        await closing;
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DisposeAsync_AckRequestCrossesTheClose_ClientWaitsForTheServersStreamEnd()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.AckRequestDelay = TimeSpan.FromHours(1));
        await h.LoginAsync(ct, streamManagement: true);
        var disconnected = new TaskCompletionSource<XmppDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, e) => disconnected.TrySetResult(e);

        var closing = h.Client.DisposeAsync().AsTask();
        FakeFrame frame;
        do
        {
            frame = await h.Server.ReadFrameAsync(ct);
        }
        while (frame.Kind == FakeFrameKind.Element);

        Assert.AreEqual(FakeFrameKind.StreamEnd, frame.Kind);

        // S: <r/> (sent before the server read the client's end), then its own </stream:stream>
        await h.Server.SendAsync("<r xmlns='urn:xmpp:sm:3'/>", ct);
        await h.Server.SendAsync("</stream:stream>", ct);
        await closing;

        // The session ended on the server's stream end, not on failing to queue an answer to <r/> (which aborted the
        // connection, racing the client's own </stream:stream>).
        var cause = (await disconnected.Task.WaitAsync(ct)).Cause;
        Assert.IsInstanceOfType<XmppConnectionException>(cause, cause.ToString());
        Assert.AreEqual(ConnectionFailure.StreamError, ((XmppConnectionException)cause).Failure, cause.ToString());
    }
}
