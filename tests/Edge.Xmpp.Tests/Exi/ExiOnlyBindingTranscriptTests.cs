using System.Text;
using System.Xml.Linq;
using Edge.Exi;
using Edge.Testing.Xmpp;
using Microsoft.Extensions.Logging;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>
/// XEP-0322 §2.4, the EXI-only binding, as the client runs it, server side written out: EXI from the first byte (the
/// '$EXI' cookie and a header without options before every streamStart), the default options and schema (§2.4.3,
/// §3.14) through SASL, then a setup in the EXI stream and the restart in the agreed options (§2.4 steps 7-10). The
/// client's bytes are read by Edge.Exi alone (the fake), not by the client's codec.
/// </summary>
[TestClass]
public sealed class ExiOnlyBindingTranscriptTests
{
    private static readonly XNamespace Exi = ExiHarness.Exi;
    private static readonly XNamespace Client = ClientHarness.JabberClient;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(20_000)]
    public async Task Connect_ExiFromTheFirstByte_SetupInTheStream_RestartsInTheAgreedOptions()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = ExiOnlyHarness();
        var (connect, server) = await LoginToSetupAsync(h, ct);

        // C: $EXI, header 10 0 0 0000 (no options: §2.4 step 4), <exi:streamStart to='example.com' …> in the default options.
        var streams = server.Transcript.Where(f => f.Kind == FakeFrameKind.StreamHeader).ToList();
        Assert.AreEqual(2, streams.Count, "the first stream and the one after SASL");
        Assert.AreEqual(Exi + "streamStart", streams[0].Element!.Name);
        Assert.AreEqual("example.com", (string?)streams[0].Element!.Attribute("to"));
        foreach (var start in streams)
        {
            Assert.AreEqual("$EXI", Encoding.ASCII.GetString(start.Exi!, 0, 4));
            Assert.AreEqual(0b1000_0000, start.Exi![4] & 0b1110_0000, "distinguishing bits 10, no options document");
        }

        // SASL inside the EXI stream (§2.4 step 6).
        Assert.IsNotNull(server.Transcript.Single(f => f.Element?.Name == XName.Get("auth", ClientHarness.Sasl)).Exi, "<auth/> went as EXI");

        // C: <setup …> in the default options (step 7); S: agreement (step 8).
        var setup = await ExiHarness.ExpectSetupAsync(server, ct);
        Assert.AreEqual(7, setup.Elements(Exi + "schema").Count());
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true' configurationId='only-1'>{ExiHarness.Schemas(setup)}</setupResponse>", ct);

        // Step 9-10: the client re-opens the stream in the agreed options, with a header that carries no options.
        server.StartExi(ExiHarness.Bodies(), exiOnlyBinding: true);
        var restarted = await ExiHarness.FinishLoginAsync(server, ct);
        await connect;
        Assert.AreEqual(Exi + "streamStart", restarted.Name);
        var restart = server.Transcript.Last(f => f.Kind == FakeFrameKind.StreamHeader).Exi!;
        Assert.AreEqual("$EXI", Encoding.ASCII.GetString(restart, 0, 4));
        Assert.AreEqual(0b1000_0000, restart[4] & 0b1110_0000);
        Assert.IsTrue(h.Client.ExiActive);
        Assert.AreEqual("only-1", h.Client.ExiConfigurationId);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.EventId == 1101 && e.Message.Contains("EXI-only binding", StringComparison.Ordinal)));

        // A stanza now is the agreed options' body, byte for byte (Edge.Exi alone, the built-in XMPP schema).
        var message = new XElement(Client + "message", new XAttribute("to", "backend@example.com/app"), new XAttribute("id", "m1"), new XElement(Client + "body", "7.5 kW"));
        await h.Client.SendAsync(message, ct);
        var frame = await server.ReadFrameAsync(ct);
        XmlEquivalence.AssertSame(message, frame.Element);
        CollectionAssert.AreEqual(ExiCodec.EncodeXml(message.ToString(SaveOptions.DisableFormatting), ExiHarness.Bodies()), frame.Exi);
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Connect_SetupRefused_StaysInTheDefaultOptions_AndSaysSo()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = ExiOnlyHarness();
        var (connect, server) = await LoginToSetupAsync(h, ct);
        var setup = await ExiHarness.ExpectSetupAsync(server, ct);
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='false'/>", ct);

        // §2.2.2: the client tries once more with what the answer can accept (its options, the schemas it listed: none).
        var lowered = await ExiHarness.ExpectSetupAsync(server, ct);
        Assert.IsFalse(lowered.HasElements, lowered.ToString());
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='false'/>", ct);

        // No restart: bind goes on in the default options (still EXI), and require does not fail (it is EXI).
        var bind = await server.ReadElementAsync(ct);
        Assert.AreEqual(ClientHarness.BindNs + "bind", bind.Elements().Single().Name, bind.ToString());
        await server.SendAsync($"<iq type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>user@example.com/meter-7</jid></bind></iq>", ct);
        Assert.AreEqual(ClientHarness.Sm + "enable", (await server.ReadElementAsync(ct)).Name);
        await server.SendAsync("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>", ct);
        await server.ReadElementAsync(ct); // initial presence
        await connect;

        Assert.AreEqual(2, server.Transcript.Count(f => f.Element?.Name == Exi + "setup"), setup.ToString());
        Assert.IsTrue(h.Client.ExiActive);
        Assert.IsNull(h.Client.ExiConfigurationId);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.EventId == 1170 && e.Level == LogLevel.Information));
        var message = new XElement(Client + "message", new XAttribute("id", "m2"), new XElement(Client + "body", "on"));
        await h.Client.SendAsync(message, ct);
        var frame = await server.ReadFrameAsync(ct);
        CollectionAssert.AreEqual(ExiCodec.EncodeXml(message.ToString(SaveOptions.DisableFormatting), FakeXmppServer.ExiOnlyDefaults), frame.Exi);
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Connect_ServerAnswersXml_FailsNamingTheBinding()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = ExiOnlyHarness();
        var connect = h.Client.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);

        // An ordinary XML port: §2.4.2, the initiating entity "SHOULD give up connection if it receives non-EXI data".
        await server.SendAsync(server.StreamHeader + "<stream:features/>", ct);

        var e = await Assert.ThrowsExactlyAsync<XmppProtocolException>(() => connect);
        StringAssert.Contains(e.Message, "'$EXI' cookie");
        Assert.AreEqual("bad-format", e.StreamErrorCondition);
    }

    [TestMethod]
    [DataRow("exi-only", XmppExiMode.Off, "Binding is exi-only but Xmpp:Exi:Mode is off")]
    [DataRow("binary", XmppExiMode.Require, "Binding 'binary' is not negotiated or exi-only")]
    public void Validate_BadBinding_NamesTheKey(string binding, XmppExiMode mode, string expected)
    {
        var options = new XmppExiOptions { Binding = binding, Mode = mode };

        var errors = options.Validate();

        Assert.IsTrue(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), string.Join(" | ", errors));
    }

    private static ExiHarness ExiOnlyHarness() => new(o =>
    {
        o.Exi.Binding = XmppExiOptions.ExiOnlyBinding;
        o.Exi.Mode = XmppExiMode.Require;
    });

    /// <summary>The server's side up to the client's setup: the binding's first stream, SCRAM in it, the restart.</summary>
    private static async Task<(Task Connect, FakeXmppServer Server)> LoginToSetupAsync(ExiHarness h, CancellationToken ct)
    {
        var connect = h.Client.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);
        server.StartExiOnlyBinding();
        await server.OpenExiStreamAsync(ClientHarness.ScramSha1Only, ct);
        Assert.IsTrue(await server.AcceptScramAsync("user", "pencil", ct));
        await server.OpenExiStreamAsync(ClientHarness.Bind + ClientHarness.StreamManagement, ct);
        return (connect, server);
    }
}
