using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Transcripts;

/// <summary>
/// <see cref="IqReply.Then"/>: what a handler sends after its answer (XEP-0323 <c>accepted</c> then <c>fields</c>)
/// reaches the wire after the answer; a failing continuation never hurts the session; an answer that could not be
/// queued still runs its continuation, with a cancelled token.
/// </summary>
[TestClass]
public sealed class IqReplyContinuationTests
{
    private static readonly XNamespace Client = ClientHarness.JabberClient;
    private static readonly XNamespace Test = "urn:example:continuation";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Then_KeepsPayloadAndError_AddsContinuation()
    {
        Task Continuation(CancellationToken _) => Task.CompletedTask;
        var payload = new XElement(Test + "ok");

        var result = IqReply.Result(payload).Then(Continuation);
        var fail = IqReply.Fail(StanzaError.Forbidden("no")).Then(Continuation);

        Assert.AreSame(payload, result.Payload);
        Assert.IsNotNull(result.Continuation);
        Assert.AreEqual("forbidden", fail.Error?.Condition);
        Assert.IsNotNull(fail.Continuation);
        Assert.IsNull(IqReply.Result(payload).Continuation);
        Assert.ThrowsExactly<ArgumentNullException>(() => IqReply.Result().Then(null!));
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Then_ContinuationSendsMessages_AnswerReachesWireFirst()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        h.Client.RegisterIqHandler(Test + "req", (iq, _) => ValueTask.FromResult(
            IqReply.Result(new XElement(Test + "accepted")).Then(async token =>
            {
                // Sent the instant the continuation starts: had it started before the answer was queued, these
                // messages would precede the answer on the wire.
                await h.Client.SendAsync(new XElement(Client + "message", new XAttribute("to", "backend@example.com/app"), new XElement(Test + "part", "1")), token);
                await h.Client.SendAsync(new XElement(Client + "message", new XAttribute("to", "backend@example.com/app"), new XElement(Test + "part", "2")), token);
            })));
        await h.LoginAsync(ct);

        // S: <iq type='get' id='r1' from='backend@example.com/app'><req xmlns='urn:example:continuation'/></iq>
        await h.Server.SendAsync("<iq type='get' id='r1' from='backend@example.com/app' to='user@example.com/meter-7'><req xmlns='urn:example:continuation'/></iq>", ct);

        // C: <iq type='result' id='r1' to='backend@example.com/app'><accepted xmlns='urn:example:continuation'/></iq>
        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Client + "iq", answer.Name);
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.AreEqual("r1", (string?)answer.Attribute("id"));
        Assert.AreEqual(Test + "accepted", answer.Elements().Single().Name);

        // C: <message to='backend@example.com/app'><part xmlns='urn:example:continuation'>1</part></message>, then 2
        var first = await h.Server.ReadElementAsync(ct);
        var second = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Client + "message", first.Name);
        Assert.AreEqual("1", first.Element(Test + "part")?.Value);
        Assert.AreEqual("2", second.Element(Test + "part")?.Value);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Then_ContinuationThrows_SessionKeepsAnswering()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.RegisterIqHandler(Test + "req", (iq, _) => ValueTask.FromResult(
            IqReply.Result().Then(_ =>
            {
                ran.SetResult();
                throw new InvalidOperationException("continuation failure");
            })));
        await h.LoginAsync(ct);

        await h.Server.SendAsync("<iq type='set' id='r2' from='backend@example.com/app'><req xmlns='urn:example:continuation'/></iq>", ct);
        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        await ran.Task.WaitAsync(ct);

        // S: ping after the failed continuation; C: its result (the loops are alive)
        await h.Server.SendAsync("<iq type='get' id='p2' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>", ct);
        var pong = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("p2", (string?)pong.Attribute("id"));
        Assert.AreEqual("result", (string?)pong.Attribute("type"));
        Assert.AreEqual(XmppClientState.Connected, h.Client.State);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task Then_ConnectionLostBeforeAnswer_ContinuationRunsWithCancelledToken()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var handlerEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var continuationToken = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.RegisterIqHandler(Test + "req", async (iq, _) =>
        {
            handlerEntered.SetResult();
            await release.Task;
            return IqReply.Result().Then(token =>
            {
                continuationToken.SetResult(token.IsCancellationRequested);
                return Task.CompletedTask;
            });
        });
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, _) => disconnected.TrySetResult();
        await h.LoginAsync(ct);

        await h.Server.SendAsync("<iq type='get' id='r3' from='backend@example.com/app'><req xmlns='urn:example:continuation'/></iq>", ct);
        await handlerEntered.Task.WaitAsync(ct);

        // S: </stream:stream> while the handler still works: the session ends before the answer can be queued.
        await h.Server.SendAsync("</stream:stream>", ct);
        await disconnected.Task.WaitAsync(ct);
        release.SetResult();

        Assert.IsTrue(await continuationToken.Task.WaitAsync(ct), "The continuation must learn that its answer was not sent.");
    }
}
