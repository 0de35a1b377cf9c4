using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Transcripts;

/// <summary>The liveness ping (XEP-0199) to the server, on the injected clock.</summary>
[TestClass]
public sealed class PingTranscriptTests
{
    private static readonly XNamespace Ping = "urn:xmpp:ping";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5); // each step's bound (real time): a failure says which step

    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// The long runs on Prosody: the server fell behind (two publishes a second), so the ping waited behind the agent's
    /// own backlog while answers to earlier publishes kept coming. Dropping that connection cost the session; a server
    /// that still sends is kept, and only one that sent nothing while the ping waited is given up.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task PingUnanswered_ServerSentOtherDataMeanwhile_KeptThenDroppedWhenSilent()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o =>
        {
            o.PingInterval = TimeSpan.FromSeconds(60);
            o.IqTimeout = TimeSpan.FromSeconds(20);
        });
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.OnMessage((_, _) =>
        {
            delivered.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await h.LoginAsync(ct);

        // C: <iq type='get' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq> after the interval
        h.Time.Advance(TimeSpan.FromSeconds(60));
        await ReadPingAsync(h, "the first ping", ct);

        // S: other data while the ping waits (no answer to it)
        await h.Server.SendAsync("<message from='a@example.com/x' to='user@example.com/meter-7'><body>late answer</body></message>", ct);
        await delivered.Task.WaitAsync(Step, ct);
        h.Time.Advance(TimeSpan.FromSeconds(20));

        // Kept: the next interval pings again on the same connection.
        h.Time.Advance(TimeSpan.FromSeconds(40));
        await ReadPingAsync(h, "the second ping", ct);
        Assert.AreEqual(XmppClientState.Connected, h.Client.State, "a busy server is not dropped");
        Assert.AreEqual(1, h.TransportsCreated);

        // S: (silence) — now the connection is given up. The ping's deadline is armed on the client's own thread once the
        // ping is written, which under load can come after the server read it: the clock goes on a second at a time
        // (up to 20 s more, still before the next interval's ping) until the client gives up.
        h.Time.Advance(TimeSpan.FromSeconds(20));
        var giveUp = DateTime.UtcNow + Step;
        var late = TimeSpan.Zero;
        while (h.Client.State == XmppClientState.Connected)
        {
            Assert.IsTrue(DateTime.UtcNow < giveUp, $"still connected {Step.TotalSeconds} s after the silent ping's timeout (+{late.TotalSeconds} s)");
            await Task.Delay(10, ct);
            if (late < TimeSpan.FromSeconds(20) && h.Client.State == XmppClientState.Connected)
            {
                h.Time.Advance(TimeSpan.FromSeconds(1));
                late += TimeSpan.FromSeconds(1);
            }
        }

        StringAssert.Contains(h.Client.LastFailure?.Reason, "stopped answering pings");
    }

    private static async Task ReadPingAsync(ClientHarness h, string which, CancellationToken ct)
    {
        while (true)
        {
            XElement element;
            try
            {
                element = await h.Server.ReadElementAsync(ct).WaitAsync(Step, ct);
            }
            catch (TimeoutException)
            {
                throw new AssertFailedException($"{which} was not sent within {Step.TotalSeconds} s (client {h.Client.State})");
            }

            if (element.Element(Ping + "ping") is not null)
            {
                Assert.AreEqual("get", (string?)element.Attribute("type"));
                return;
            }
        }
    }
}
