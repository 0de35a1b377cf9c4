using System.Xml.Linq;
using Edge.Testing.Logging;
using Edge.Testing.Xmpp;
using Microsoft.Extensions.Logging;

namespace Edge.Xmpp.Tests.Transcripts;

/// <summary>
/// The raw XML lines at Trace (Log 1010 SEND, 1011 RECV): written by Edge's own writer, not XmlWriter, as the XML
/// stream carries them — stanzas in the stream's namespace without a declaration, SASL payloads redacted.
/// </summary>
[TestClass]
public sealed class TraceLogTranscriptTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(20_000)]
    public async Task Trace_SentAndReceivedStanzas_LoggedAsTheStreamCarriesThem()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var logs = new ListLoggerFactory { MinimumLevel = LogLevel.Trace };
        await using var h = new ClientHarness(loggerFactory: logs);
        var delivered = new TaskCompletionSource<XElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.OnMessage((message, _) =>
        {
            delivered.TrySetResult(message);
            return ValueTask.CompletedTask;
        });
        await h.LoginAsync(ct);

        // S: a message with a prefix, a CDATA section and a reference
        await h.Server.SendAsync("<message from='a@example.com/x' xmlns:e='urn:example'><body>a &amp; b<![CDATA[<c>]]></body><e:x e:n='1'/></message>", ct);
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        // C: a message the client writes from a tree
        await h.Client.SendAsync(new XElement(ClientHarness.JabberClient + "message", new XAttribute("to", "a@example.com/x"),
            new XElement(ClientHarness.JabberClient + "body", "x < y")), ct);
        await h.Server.ReadElementAsync(ct);

        var sent = logs.Entries.Where(e => e.EventId == 1010).Select(e => e.Message).ToArray();
        var received = logs.Entries.Where(e => e.EventId == 1011).Select(e => e.Message).ToArray();
        CollectionAssert.Contains(received,
            "RECV <message from=\"a@example.com/x\" xmlns:e=\"urn:example\"><body>a &amp; b&lt;c&gt;</body><e:x e:n=\"1\"/></message>");
        CollectionAssert.Contains(sent, "SEND <message to=\"a@example.com/x\"><body>x &lt; y</body></message>");
        Assert.IsTrue(sent.Any(s => s.StartsWith("SEND <iq type=\"set\" id=", StringComparison.Ordinal) && s.Contains("<bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"><resource>meter-7</resource></bind></iq>", StringComparison.Ordinal)),
            string.Join("\n", sent));
        Assert.IsTrue(sent.Any(s => s.Contains("(SASL payload redacted)", StringComparison.Ordinal)), string.Join("\n", sent));
        Assert.IsFalse(sent.Concat(received).Any(s => s.Contains("cGVuY2ls", StringComparison.Ordinal) || s.Contains("pencil", StringComparison.Ordinal)), "no SASL secret in the trace");
    }
}
