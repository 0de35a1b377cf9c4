using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Transcripts;

/// <summary>
/// <see cref="XmppClient.SendIqBatchAsync"/>: a batch of IQs leaves in one write, each answer reaches its own request
/// where it is read, timeouts come from the one deadline sweep on the injected clock, and a send that cannot happen
/// ends every request with its cause.
/// </summary>
[TestClass]
public sealed class IqBatchTranscriptTests
{
    private static readonly XNamespace PubSub = "http://jabber.org/protocol/pubsub";
    private static readonly XNamespace Client = ClientHarness.JabberClient;
    private static readonly XNamespace Sm = ClientHarness.Sm;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqBatchAsync_ThreePublishes_OneWriteAndEachAnswerToItsRequest()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        WriteCountingStream? counting = null;
        await using var h = new ClientHarness(wrapClientStream: s => counting = new WriteCountingStream(s));
        await h.LoginAsync(ct);
        var writesBefore = counting!.Writes;

        var answers = new Task<IqResponse>[3];
        var requests = new IqRequest[3];
        for (var i = 0; i < 3; i++)
        {
            requests[i] = Request(h.Client, $"item-{i}", out answers[i]);
        }

        await h.Client.SendIqBatchAsync(requests, ct);

        // C: three <iq type='set'><pubsub><publish node='sensors'><item id='item-N'/>… in order, in one write.
        var ids = new string[3];
        for (var i = 0; i < 3; i++)
        {
            var iq = await h.Server.ReadElementAsync(ct);
            Assert.AreEqual($"item-{i}", (string?)iq.Descendants(PubSub + "item").Single().Attribute("id"));
            ids[i] = (string)iq.Attribute("id")!;
        }

        Assert.AreEqual(writesBefore + 1, counting.Writes, "The batch leaves in one write (one flush) to the connection.");

        // S: the answers in another order; the second is a refusal, which is data.
        await h.Server.SendAsync($"<iq type='result' id='{ids[2]}' from='pubsub.example.com'/>"
            + $"<iq type='error' id='{ids[1]}' from='pubsub.example.com'><error type='wait'>"
            + "<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
            + $"<iq type='result' id='{ids[0]}' from='pubsub.example.com'/>", ct);

        Assert.IsFalse((await answers[0]).IsError);
        Assert.AreEqual("resource-constraint", (await answers[1]).Error?.Condition);
        Assert.AreEqual(ids[2], (string?)(await answers[2]).Stanza.Attribute("id"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqBatchAsync_PublishesThatWriteThemselves_SentInOneWriteWithTheTreesAndAnswered()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        WriteCountingStream? counting = null;
        await using var h = new ClientHarness(wrapClientStream: s => counting = new WriteCountingStream(s));
        await h.LoginAsync(ct);
        var writesBefore = counting!.Writes;
        var pubsub = new PubSub.PubSubClient(h.Client);
        var service = Jid.Parse("pubsub.example.com");
        var answers = new Task<IqResponse>[3];
        var requests = new IqRequest[3];
        for (var i = 0; i < 3; i++)
        {
            if (i == 1)
            {
                requests[i] = Request(h.Client, "item-1", out answers[i]); // a tree between them: one queue, one order
                continue;
            }

            var answer = new TaskCompletionSource<IqResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            answers[i] = answer.Task;
            requests[i] = new IqRequest(pubsub.CreatePublish(service, "sensors", $"item-{i}", new Flag("x<&>" + i), null),
                (response, failure) => _ = failure is null ? answer.TrySetResult(response!) : answer.TrySetException(failure));
        }

        await h.Client.SendIqBatchAsync(requests, ct);

        var ids = new string[3];
        for (var i = 0; i < 3; i++)
        {
            var iq = await h.Server.ReadElementAsync(ct);
            var item = iq.Descendants(PubSub + "item").Single();
            Assert.AreEqual($"item-{i}", (string?)item.Attribute("id"));
            Assert.AreEqual("pubsub.example.com", (string?)iq.Attribute("to"));
            if (i != 1)
            {
                Assert.AreEqual("x<&>" + i, (string?)item.Element(XName.Get("flag", "urn:example"))!.Attribute("v"));
            }

            ids[i] = (string)iq.Attribute("id")!;
        }

        Assert.AreEqual(writesBefore + 1, counting.Writes, "The batch leaves in one write (one flush) to the connection.");
        await h.Server.SendAsync($"<iq type='result' id='{ids[0]}' from='pubsub.example.com'/><iq type='result' id='{ids[1]}' from='pubsub.example.com'/>"
            + $"<iq type='result' id='{ids[2]}' from='pubsub.example.com'/>", ct);
        foreach (var answer in answers)
        {
            Assert.IsFalse((await answer).IsError);
        }
    }

    /// <summary>A payload that writes itself: <c>&lt;flag xmlns='urn:example' v='…'/&gt;</c>.</summary>
    private sealed class Flag(string value) : IXmlContent
    {
        public XName Name => XName.Get("flag", "urn:example");

        public void WriteTo(XmlStanzaWriter writer)
        {
            writer.StartElement("flag", "urn:example");
            writer.Attribute("v", value);
            writer.EndElement();
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqBatchAsync_StreamManagement_AckRequestLeavesInTheBatchWrite()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        WriteCountingStream? counting = null;
        await using var h = new ClientHarness(o => o.AckRequestDelay = TimeSpan.FromHours(1), wrapClientStream: s => counting = new WriteCountingStream(s));
        await h.LoginAsync(ct, streamManagement: true);

        // C: a lone stanza; its ack request waits for the writer to be idle (an hour here), so none follows it.
        await h.Client.SendAsync(new XElement(Client + "message", new XAttribute("to", "backend@example.com"), new XElement(Client + "body", "1")), ct);
        Assert.AreEqual(Client + "message", (await h.Server.ReadElementAsync(ct)).Name);
        var writesBefore = counting!.Writes;

        // C: two publishes and <r/> (XEP-0198 §4), in one write, with the clock standing still.
        await h.Client.SendIqBatchAsync([Request(h.Client, "a", out var first), Request(h.Client, "b", out var second)], ct);
        var names = new List<XName>();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var element = await h.Server.ReadElementAsync(ct);
            names.Add(element.Name);
            ids.Add((string?)element.Attribute("id") ?? "");
        }

        CollectionAssert.AreEqual(new[] { Client + "iq", Client + "iq", Sm + "r" }, names);
        Assert.AreEqual(writesBefore + 1, counting.Writes, "The ack request leaves in the batch's write.");

        // S: the answers and <a h='4'/> (presence, message, two publishes): nothing is left to resend.
        await h.Server.SendAsync($"<iq type='result' id='{ids[0]}' from='pubsub.example.com'/><iq type='result' id='{ids[1]}' from='pubsub.example.com'/>"
            + "<a xmlns='urn:xmpp:sm:3' h='4'/>", ct);
        Assert.IsFalse((await first).IsError);
        Assert.IsFalse((await second).IsError);
        await h.Server.SendAsync("<r xmlns='urn:xmpp:sm:3'/>", ct);
        Assert.AreEqual(Sm + "a", (await h.Server.ReadElementAsync(ct)).Name);
        Assert.AreEqual(0, h.Client.UnacknowledgedCount);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqBatchAsync_NoAnswer_EachTimesOutAtItsDeadlineOnTheInjectedClock()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.IqTimeout = TimeSpan.FromSeconds(30));
        await h.LoginAsync(ct);

        var first = Request(h.Client, "a", out var firstEnd);
        await h.Client.SendIqBatchAsync([first], ct);
        _ = await h.Server.ReadElementAsync(ct);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        var second = Request(h.Client, "b", out var secondEnd);
        await h.Client.SendIqBatchAsync([second], ct);
        _ = await h.Server.ReadElementAsync(ct);

        // S: (silence)
        h.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.IsFalse(firstEnd.IsCompleted, "Still waiting before the first deadline.");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsExactlyAsync<XmppTimeoutException>(() => firstEnd);
        StringAssert.Contains(e.Message, "'" + (string?)first.Element!.Attribute("id") + "'");
        Assert.IsFalse(secondEnd.IsCompleted, "The second request has 10 s left.");

        h.Time.Advance(TimeSpan.FromSeconds(10));
        await Assert.ThrowsExactlyAsync<XmppTimeoutException>(() => secondEnd);
        Assert.AreEqual(XmppClientState.Connected, h.Client.State);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqBatchAsync_NotConnected_EachRequestEndsNotConnected()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();

        var first = Request(h.Client, "a", out var firstEnd);
        var second = Request(h.Client, "b", out var secondEnd);
        await h.Client.SendIqBatchAsync([first, second], ct);

        Assert.AreEqual(ConnectionFailure.NotConnected, (await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => firstEnd)).Failure);
        Assert.AreEqual(ConnectionFailure.NotConnected, (await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => secondEnd)).Failure);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqBatchAsync_ConnectionLost_PendingRequestsEndWithTheLoss()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);

        var request = Request(h.Client, "a", out var end);
        await h.Client.SendIqBatchAsync([request], ct);
        _ = await h.Server.ReadElementAsync(ct);

        // S: the stream ends without an answer.
        await h.Server.SendAsync("</stream:stream>", ct);

        await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => end);
    }

    private static XElement Publish(XmppClient client, string itemId) =>
        client.CreateIq("set", Jid.Parse("pubsub.example.com"), new XElement(PubSub + "pubsub",
            new XElement(PubSub + "publish", new XAttribute("node", "sensors"), new XElement(PubSub + "item", new XAttribute("id", itemId)))));

    private static IqRequest Request(XmppClient client, string itemId, out Task<IqResponse> end)
    {
        var answer = new TaskCompletionSource<IqResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        end = answer.Task;
        return new IqRequest(Publish(client, itemId), (response, failure) =>
        {
            if (failure is null)
            {
                answer.TrySetResult(response!);
            }
            else
            {
                answer.TrySetException(failure);
            }
        });
    }

    /// <summary>Counts the writes that reach the connection.</summary>
    private sealed class WriteCountingStream(Stream inner) : Stream
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Increment(ref _writes);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
