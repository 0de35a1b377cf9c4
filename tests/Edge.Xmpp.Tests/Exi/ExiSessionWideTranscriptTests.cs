using System.Xml.Linq;
using Edge.Exi;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>
/// XEP-0322 §3.2 sessionWideBuffers as the client runs it, server side written out: asked for in setup (with the value
/// table bounds), the string tables kept across the stanzas of the stream both ways — the client's bodies decoded by
/// Edge.Exi's own session alone — and started over with each stream restart (after SASL); answered off, not used.
/// </summary>
[TestClass]
public sealed class ExiSessionWideTranscriptTests
{
    private static readonly XNamespace Exi = ExiHarness.Exi;
    private static readonly XNamespace Client = ClientHarness.JabberClient;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(20_000)]
    public async Task Agreed_BeforeSasl_TablesKeptAcrossStanzas_AndStartedOverAtTheRestart()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var inbound = new List<XElement>();
        var two = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.OnMessage((m, _) =>
        {
            lock (inbound)
            {
                inbound.Add(m);
                if (inbound.Count == 2)
                {
                    two.TrySetResult();
                }
            }

            return default;
        });
        var connect = h.Client.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);
        await server.OpenStreamAsync(ClientHarness.ScramSha1Only + ExiHarness.Offer, ct);

        // C: <setup … sessionWideBuffers='true' valueMaxLength='64' valuePartitionCapacity='1024'>
        var setup = await ExiHarness.ExpectSetupAsync(server, ct);
        Assert.AreEqual("true", (string?)setup.Attribute("sessionWideBuffers"));
        Assert.AreEqual("64", (string?)setup.Attribute("valueMaxLength"));
        Assert.AreEqual("1024", (string?)setup.Attribute("valuePartitionCapacity"));
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' sessionWideBuffers='true' valueMaxLength='64' valuePartitionCapacity='1024' agreement='true'>"
            + ExiHarness.Schemas(setup) + "</setupResponse>", ct);
        var bodies = ExiHarness.Bodies();
        bodies.ValueMaxLength = 64;
        bodies.ValuePartitionCapacity = 1024;
        await ExiHarness.CompressAsync(server, bodies, ct, sessionWideBuffers: true);

        // SCRAM over session-wide bodies, then the restart: both sides start their tables over (the fake's session
        // is reset in OpenExiStreamAsync; a client that kept its tables would not be understood).
        await server.OpenExiStreamAsync(ClientHarness.ScramSha1Only, ct);
        Assert.IsTrue(await server.AcceptScramAsync("user", "pencil", ct));
        var start = await ExiHarness.FinishLoginAsync(server, ct);
        await connect;
        Assert.AreEqual(Exi + "streamStart", start.Name);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.EventId == 1101 && e.Message.Contains("session-wide string tables True", StringComparison.Ordinal)));

        // Outbound: the same reading twice; the second body is coded from the tables the first filled.
        var sizes = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            var message = new XElement(Client + "message", new XAttribute("to", "backend@example.com/app"), new XAttribute("id", "m1"),
                new XElement(Client + "body", "21.5 °C"));
            await h.Client.SendAsync(message, ct);
            var frame = await server.ReadFrameAsync(ct);
            XmlEquivalence.AssertSame(message, frame.Element);
            sizes.Add(frame.Exi!.Length);
        }

        Assert.IsTrue(sizes[1] * 2 <= sizes[0], $"bodies {sizes[0]} B then {sizes[1]} B");

        // Inbound: two bodies from the fake's session; the second names only table entries.
        const string Set = "<message xmlns='jabber:client' from='backend@example.com/app' to='user@example.com/meter-7' id='in1'><body>set 22</body></message>";
        await server.SendExiAsync(Set, ct);
        await server.SendExiAsync(Set, ct);
        await two.Task.WaitAsync(ct);
        Assert.IsTrue(inbound.All(m => m.Element(Client + "body")?.Value == "set 22" && (string?)m.Attribute("from") == "backend@example.com/app"));
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task AnsweredOff_StreamRunsWithoutSessionTables()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var connect = h.Client.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);
        await ExiHarness.OfferAfterSaslAsync(server, ct);
        var setup = await ExiHarness.ExpectSetupAsync(server, ct);
        Assert.AreEqual("true", (string?)setup.Attribute("sessionWideBuffers"));

        // S: agreement without sessionWideBuffers (its default, false): every body starts from empty tables.
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true'>{ExiHarness.Schemas(setup)}</setupResponse>", ct);
        await ExiHarness.CompressAsync(server, ExiHarness.Bodies(), ct);
        await ExiHarness.FinishLoginAsync(server, ct);
        await connect;

        var message = new XElement(Client + "message", new XAttribute("to", "backend@example.com/app"), new XElement(Client + "body", "21.5 °C"));
        var expected = ExiCodec.EncodeXml(message.ToString(SaveOptions.DisableFormatting), ExiHarness.Bodies());
        for (var i = 0; i < 2; i++)
        {
            await h.Client.SendAsync(message, ct);
            CollectionAssert.AreEqual(expected, (await server.ReadFrameAsync(ct)).Exi);
        }
    }
}
