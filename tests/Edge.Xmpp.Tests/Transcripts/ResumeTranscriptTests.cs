using System.Xml.Linq;
using Edge.Testing.Xmpp;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Time.Testing;
using Nerdbank.Streams;

namespace Edge.Xmpp.Tests.Transcripts;

/// <summary>XEP-0198 resumption after a lost connection while the application keeps sending.</summary>
[TestClass]
public sealed class ResumeTranscriptTests
{
    private static readonly XNamespace Client = ClientHarness.JabberClient;
    private static readonly XNamespace Sm = ClientHarness.Sm;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(20_000)]
    public async Task ConnectionLostWithStanzasStillQueued_Resumed_EachSentOnceInOrder()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (client1, server1) = FullDuplexStream.CreatePair();
        var (client2, server2) = FullDuplexStream.CreatePair();
        var gated = new GatedStream(client1);
        var transports = new Queue<IXmppTransport>([new StreamTransport(gated), new StreamTransport(client2)]);
        var options = new XmppClientOptions
        {
            Jid = "user@example.com", Password = "pencil", Resource = "meter-7", PingInterval = TimeSpan.Zero, AutoReconnect = true,
            AckRequestDelay = TimeSpan.FromHours(1), AckRequestBatch = 1000,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        options.Tls.Required = false;
        var time = new FakeTimeProvider();
        await using var client = new XmppClient(options, timeProvider: time, transportFactory: () => transports.Dequeue());
        await using var first = new FakeXmppServer(server1);
        await using var second = new FakeXmppServer(server2);
        var connect = client.ConnectAsync(ct);
        await ClientHarness.AcceptLoginAsync(first, "meter-7", ct, streamManagement: true);
        await connect;

        // The server stops reading: m0 is taken by the writer, which then waits on the socket; m1..m4 stay queued.
        gated.Close();
        await client.SendAsync(Message(0), ct);
        await gated.Blocked.Task.WaitAsync(ct);
        for (var i = 1; i < 5; i++)
        {
            await client.SendAsync(Message(i), ct);
        }

        // The client gives up on the connection (as after a ping timeout) and comes back on a new one.
        client.AbortConnection();
        var login = ResumeAsync(second, ct);
        while (!login.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(login, Task.Delay(20, ct));
        }

        await login;

        // C: m0 (unacknowledged, resent), <r/>, then m1..m4 (accepted, never written): each once, in order.
        var bodies = new List<string>();
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromSeconds(5));
        while (bodies.Count < 5)
        {
            XElement element;
            try
            {
                element = await second.ReadElementAsync(patience.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Assert.Fail($"Only {string.Join(" ", bodies)} arrived after the resumption; the rest were lost.");
                throw;
            }

            if (element.Name == Client + "message")
            {
                bodies.Add(element.Element(Client + "body")!.Value);
            }
            else
            {
                Assert.AreEqual(Sm + "r", element.Name, element.ToString());
            }
        }

        CollectionAssert.AreEqual(new[] { "m0", "m1", "m2", "m3", "m4" }, bodies, string.Join(" ", bodies));
        Assert.AreEqual(1, client.ResumeCount);
    }

    private static XElement Message(int i) =>
        new(Client + "message", new XAttribute("to", "backend@example.com"), new XElement(Client + "body", "m" + i));

    /// <summary>The server's side of a resumption: SCRAM, then &lt;resume/&gt; answered with &lt;resumed h='1'/&gt; (the presence).</summary>
    private static async Task ResumeAsync(FakeXmppServer server, CancellationToken ct)
    {
        await server.OpenStreamAsync(ClientHarness.ScramSha1Only, ct);
        Assert.IsTrue(await server.AcceptScramAsync("user", "pencil", ct));
        await server.OpenStreamAsync(ClientHarness.Bind + ClientHarness.StreamManagement, ct);
        var resume = await server.ReadElementAsync(ct);
        Assert.AreEqual(Sm + "resume", resume.Name);
        Assert.AreEqual("sm-1", (string?)resume.Attribute("previd"));
        await server.SendAsync("<resumed xmlns='urn:xmpp:sm:3' previd='sm-1' h='1'/>", ct);
    }

    /// <summary>A stream whose writes wait, once closed, until it is disposed (a peer that stopped reading).</summary>
    private sealed class GatedStream(Stream inner) : Stream
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _closed;

        public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public new void Close() => _closed = true;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_closed)
            {
                Blocked.TrySetResult();
                await _disposed.Task.WaitAsync(cancellationToken);
            }

            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _disposed.TrySetException(new ObjectDisposedException(nameof(GatedStream)));
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
