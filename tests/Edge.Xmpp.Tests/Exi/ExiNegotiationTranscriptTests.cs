using System.Security.Cryptography;
using System.Xml.Linq;
using Edge.Exi;
using Edge.Testing.Xmpp;
using Edge.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>
/// XEP-0322 negotiation as the client runs it, server side written out: setup and agreement, a missing schema
/// uploaded, the upload loop guard (§4), quick setup accepted and refused (§2.2.6-7), require/prefer without an offer,
/// and the stream in EXI afterwards — the client's bodies decoded by Edge.Exi alone, the fake's bodies delivered.
/// </summary>
[TestClass]
public sealed class ExiNegotiationTranscriptTests
{
    private static readonly XNamespace Exi = ExiHarness.Exi;
    private static readonly XNamespace Client = ClientHarness.JabberClient;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(20_000)]
    [DataRow("bit-packed", false, ExiAlignment.BitPacked)]
    [DataRow("byte-alignment", true, ExiAlignment.ByteAlignment)]
    [DataRow("pre-compression", false, ExiAlignment.PreCompression)]
    [DataRow("compression", true, ExiAlignment.Compression)]
    public async Task FullSetup_Agreed_StanzasFlowAsExiBothWays(string alignment, bool strict, ExiAlignment expected)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness(o =>
        {
            o.Exi.Alignment = alignment;
            o.Exi.Strict = strict;
        });
        var inbound = new TaskCompletionSource<XElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.OnMessage((m, _) =>
        {
            inbound.TrySetResult(m);
            return default;
        });
        var connect = h.Client.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);
        await ExiHarness.OfferAfterSaslAsync(server, ct);

        // C: <setup xmlns='…/compress/exi' version='1' [alignment|compression] [strict]><schema ns bytes md5Hash/>…</setup>
        var setup = await ExiHarness.ExpectSetupAsync(server, ct);
        Assert.AreEqual("1", (string?)setup.Attribute("version"));
        Assert.AreEqual(expected is ExiAlignment.BitPacked or ExiAlignment.Compression ? null : alignment, (string?)setup.Attribute("alignment"));
        Assert.AreEqual(expected == ExiAlignment.Compression ? "true" : null, (string?)setup.Attribute("compression"));
        Assert.AreEqual(strict ? "true" : null, (string?)setup.Attribute("strict"));
        Assert.IsNull(setup.Attribute("configurationId"), "nothing to quick-set-up with on a first connection");
        var sensordata = setup.Elements(Exi + "schema").Single(s => (string?)s.Attribute("ns") == "urn:xmpp:iot:sensordata");
        var file = SchemaBytes("iot-sensordata.xsd");
        Assert.AreEqual(file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)sensordata.Attribute("bytes"));
#pragma warning disable CA5351 // the XEP's identity hash
        Assert.AreEqual(Convert.ToHexStringLower(MD5.HashData(file)), (string?)sensordata.Attribute("md5Hash"));
#pragma warning restore CA5351
        Assert.AreEqual(7, setup.Elements(Exi + "schema").Count());

        // S: <setupResponse … agreement='true' configurationId='cfg-1'>(the same schemas)</setupResponse>
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1'{Attributes(setup)} agreement='true' configurationId='cfg-1'>"
            + ExiHarness.Schemas(setup) + "</setupResponse>", ct);
        await ExiHarness.CompressAsync(server, ExiHarness.Bodies(expected, strict), ct);
        var start = await ExiHarness.FinishLoginAsync(server, ct);
        await connect;

        Assert.AreEqual(Exi + "streamStart", start.Name, "the restarted stream opens with streamStart (XEP-0322 §2.3.1)");
        Assert.AreEqual("example.com", (string?)start.Attribute("to"));
        Assert.IsTrue(start.Elements(Exi + "xmlns").Any(x => (string?)x.Attribute("prefix") == string.Empty && (string?)x.Attribute("namespace") == "jabber:client"));
        Assert.IsTrue(h.Client.ExiActive);
        Assert.AreEqual("cfg-1", h.Client.ExiConfigurationId);
        Assert.IsTrue(h.Logs.Entries.Any(e => e.EventId == 1101 && e.Message.Contains(alignment, StringComparison.Ordinal)));

        // Outbound: the body the client wrote is Edge.Exi's encoding of the stanza, byte for byte.
        var message = new XElement(Client + "message", new XAttribute("to", "backend@example.com/app"), new XAttribute("id", "m1"),
            new XElement(Client + "body", "21.5 °C"));
        await h.Client.SendAsync(message, ct);
        var frame = await server.ReadFrameAsync(ct);
        Assert.AreEqual(FakeFrameKind.Element, frame.Kind);
        XmlEquivalence.AssertSame(message, frame.Element);
        CollectionAssert.AreEqual(ExiCodec.EncodeXml(message.ToString(SaveOptions.DisableFormatting), ExiHarness.Bodies(expected, strict)), frame.Exi);

        // Inbound: an EXI body from the server is delivered as the stanza.
        await server.SendExiAsync("<message xmlns='jabber:client' from='backend@example.com/app' to='user@example.com/meter-7' id='in1'><body>set 22</body></message>", ct);
        var received = await inbound.Task.WaitAsync(ct);
        Assert.AreEqual("set 22", received.Element(Client + "body")?.Value);
        Assert.AreEqual("in1", (string?)received.Attribute("id"));
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task OfferedBeforeSasl_NegotiatedThere_SaslAndBindRunOverExi()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var connect = h.Client.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);
        await server.OpenStreamAsync(ClientHarness.ScramSha1Only + ExiHarness.Offer, ct);
        var setup = await ExiHarness.ExpectSetupAsync(server, ct);
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true'>{ExiHarness.Schemas(setup)}</setupResponse>", ct);
        await ExiHarness.CompressAsync(server, ExiHarness.Bodies(), ct);

        // The EXI stream opens with the SASL mechanisms; SCRAM runs over EXI bodies, then the stream restarts in EXI
        // and the client does not negotiate again (XEP-0138 §3: compression is set up once).
        await server.OpenExiStreamAsync(ClientHarness.ScramSha1Only, ct);
        Assert.IsTrue(await server.AcceptScramAsync("user", "pencil", ct));
        Assert.IsNotNull(server.Transcript.LastOrDefault(f => f.Element?.Name == XName.Get("auth", ClientHarness.Sasl))?.Exi, "<auth/> went as EXI");
        await ExiHarness.FinishLoginAsync(server, ct);
        await connect;

        Assert.IsTrue(h.Client.ExiActive);
        Assert.AreEqual(1, server.Transcript.Count(f => f.Element?.Name == Exi + "setup"));
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task ServerStreamStartCarriesTheFeatures_ClientBindsFromThem()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness(o => o.StreamManagement = false);
        var (connect, server, setup) = await h.ConnectToSetupAsync(ct);
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true'>{ExiHarness.Schemas(setup)}</setupResponse>", ct);
        await ExiHarness.CompressAsync(server, ExiHarness.Bodies(), ct);

        // XEP-0322's schema lets streamStart hold streams:features: one body, header and features together.
        await server.ExpectStreamHeaderAsync(ct);
        await server.SendExiAsync(server.ExiStreamStart.Replace("</exi:streamStart>",
            "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>" + ClientHarness.Bind + "</stream:features></exi:streamStart>", StringComparison.Ordinal), ct);
        var bind = await server.ReadElementAsync(ct);
        Assert.AreEqual(ClientHarness.BindNs + "bind", bind.Elements().Single().Name);
        await server.SendAsync($"<iq type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>user@example.com/meter-7</jid></bind></iq>", ct);
        await server.ReadElementAsync(ct); // presence
        await connect;

        Assert.IsTrue(h.Client.ExiActive);
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task MissingSchema_UploadedAsItsExactBytes_ThenAgreed()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var (connect, server, setup) = await h.ConnectToSetupAsync(ct);

        // S: <setupResponse version='1'>…<missingSchema ns='urn:xmpp:iot:control' …/></setupResponse>
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1'>{ExiHarness.Schemas(setup, "urn:xmpp:iot:control")}</setupResponse>", ct);

        // C: <uploadSchema xmlns='…/compress/exi'>base64 of the file</uploadSchema>
        var upload = await server.ReadElementAsync(ct);
        Assert.AreEqual(Exi + "uploadSchema", upload.Name);
        Assert.IsNull(upload.Attribute("contentType"), "Text, the default");
        CollectionAssert.AreEqual(SchemaBytes("iot-control.xsd"), Convert.FromBase64String(upload.Value));

        // C: <setup …> again (§2.2.3: test the setup with the uploaded schema); S: agreement.
        var again = await ExiHarness.ExpectSetupAsync(server, ct);
        Assert.AreEqual(7, again.Elements(Exi + "schema").Count());
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true' configurationId='cfg-2'>{ExiHarness.Schemas(again)}</setupResponse>", ct);
        await ExiHarness.CompressAsync(server, ExiHarness.Bodies(), ct);
        await ExiHarness.FinishLoginAsync(server, ct);
        await connect;

        Assert.IsTrue(h.Client.ExiActive);
        Assert.AreEqual(1, server.Transcript.Count(f => f.Element?.Name == Exi + "uploadSchema"));
        Assert.IsTrue(h.Logs.Entries.Any(e => e.EventId == 1103 && e.Message.Contains("urn:xmpp:iot:control", StringComparison.Ordinal)));
        Assert.IsTrue(h.Logs.Entries.Any(e => e.EventId == 1101 && e.Message.Contains("uploading 1 schema", StringComparison.Ordinal)));
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task MissingSchema_StillMissingAfterUpload_NeverUploadedAgain_AgreedWithoutIt()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var (connect, server, setup) = await h.ConnectToSetupAsync(ct);

        // A server that does not keep uploads (XEP-0322 §4 allows disabling them): the schema stays missing.
        const string Missing = "urn:xmpp:iot:sensordata";
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1'>{ExiHarness.Schemas(setup, Missing)}</setupResponse>", ct);
        var upload = await server.ReadElementAsync(ct);
        Assert.AreEqual(Exi + "uploadSchema", upload.Name);
        var again = await ExiHarness.ExpectSetupAsync(server, ct);
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1'>{ExiHarness.Schemas(again, Missing)}</setupResponse>", ct);

        // §4: "the client MUST NOT try to upload ... the missing schemas again": it proposes what the server has.
        var third = await server.ReadElementAsync(ct);
        Assert.AreEqual(Exi + "setup", third.Name, "no second upload: " + third);
        CollectionAssert.DoesNotContain(third.Elements(Exi + "schema").Select(s => (string?)s.Attribute("ns")).ToList(), Missing);
        Assert.AreEqual(6, third.Elements(Exi + "schema").Count());
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true' configurationId='cfg-3'>{ExiHarness.Schemas(third)}</setupResponse>", ct);

        // The agreed grammar is the canonical schema of the six (XEP-0322 §3.10), built here from the files alone.
        var six = ExiSchema.FromXml(new[] { "xml.xsd", "xmpp-stanzas.xsd", "jabber-client.xsd", "x-data.xsd", "iot-control.xsd", "pubsub.xsd" }
            .Select(f => System.Text.Encoding.UTF8.GetString(SchemaBytes(f))));
        await ExiHarness.CompressAsync(server, ExiHarness.Bodies(schema: six), ct);
        await ExiHarness.FinishLoginAsync(server, ct);
        await connect;

        Assert.IsTrue(h.Client.ExiActive);
        Assert.AreEqual(1, server.Transcript.Count(f => f.Element?.Name == Exi + "uploadSchema"));
        Assert.IsTrue(h.Logs.Entries.Any(e => e.EventId == 1104 && e.Level == LogLevel.Warning && e.Message.Contains(Missing, StringComparison.Ordinal)));
    }

    [TestMethod]
    [Timeout(20_000)]
    [DataRow(true)]
    [DataRow(false)]
    public async Task NextConnection_QuickSetupWithTheConfigurationId(bool accepted)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var (connect, first, setup) = await h.ConnectToSetupAsync(ct);
        await first.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true' configurationId='c76ab4ec'>{ExiHarness.Schemas(setup)}</setupResponse>", ct);
        await ExiHarness.CompressAsync(first, ExiHarness.Bodies(), ct);
        await ExiHarness.FinishLoginAsync(first, ct);
        await connect;

        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, _) => lost.TrySetResult();
        await first.DisposeAsync();
        await lost.Task.WaitAsync(ct);

        var reconnect = h.Client.ConnectAsync(ct);
        var second = await h.NextServerAsync(ct);
        await ExiHarness.OfferAfterSaslAsync(second, ct);

        // C: <setup xmlns='…' configurationId='c76ab4ec'/> — nothing else (§2.2.6 "MUST NOT be used together with other
        // option attributes or schema definitions").
        var quick = await ExiHarness.ExpectSetupAsync(second, ct);
        Assert.AreEqual("c76ab4ec", (string?)quick.Attribute("configurationId"));
        Assert.AreEqual(1, quick.Attributes().Count(a => !a.IsNamespaceDeclaration), quick.ToString());
        Assert.IsFalse(quick.HasElements);
        if (accepted)
        {
            await second.SendAsync($"<setupResponse xmlns='{Exi}' agreement='true' configurationId='c76ab4ec'/>", ct);
        }
        else
        {
            // §2.2.7: refused, the client proposes again in full.
            await second.SendAsync($"<setupResponse xmlns='{Exi}' agreement='false' configurationId='c76ab4ec'/>", ct);
            var full = await ExiHarness.ExpectSetupAsync(second, ct);
            Assert.IsNull(full.Attribute("configurationId"));
            Assert.AreEqual(7, full.Elements(Exi + "schema").Count());
            await second.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true' configurationId='d00d'>{ExiHarness.Schemas(full)}</setupResponse>", ct);
        }

        await ExiHarness.CompressAsync(second, ExiHarness.Bodies(), ct);
        var start = await second.OpenExiStreamAsync(ClientHarness.Bind + ClientHarness.StreamManagement, ct);
        Assert.AreEqual(Exi + "streamStart", start.Name);

        // The session resumes over EXI (XEP-0198 above XEP-0322).
        var resume = await second.ReadElementAsync(ct);
        Assert.AreEqual(ClientHarness.Sm + "resume", resume.Name, resume.ToString());
        await second.SendExiAsync("<resumed xmlns='urn:xmpp:sm:3' previd='sm-1' h='1'/>", ct);
        await reconnect;

        Assert.IsTrue(h.Client.ExiActive);
        Assert.AreEqual(accepted ? "c76ab4ec" : "d00d", h.Client.ExiConfigurationId);
        Assert.AreEqual(accepted ? 0 : 1, h.Logs.Entries.Count(e => e.EventId == 1102));
        Assert.IsTrue(h.Logs.Entries.Any(e => e.EventId == 1101 && e.Message.Contains(accepted ? "quick setup c76ab4ec" : "full setup", StringComparison.Ordinal)));
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Require_ServerOffersNoExi_ConnectFailsNamingTheSetting()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness(o => o.Exi.Mode = XmppExiMode.Require);
        var connect = h.Client.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);
        await ExiHarness.OfferAfterSaslAsync(server, ct, offer: false);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => connect);
        StringAssert.Contains(e.Message, "Xmpp:Exi:Mode=require");
        StringAssert.Contains(e.Message, "does not offer");
        Assert.AreNotEqual(XmppClientState.Connected, h.Client.State);
        Assert.IsFalse(server.Transcript.Any(f => f.Element?.Name.Namespace == Exi), "nothing of EXI was sent");
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Prefer_ServerOffersNoExi_LogsInWithXmlAndSaysSo()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var connect = h.Client.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);
        await ClientHarness.AcceptLoginAsync(server, "meter-7", ct);
        await connect;

        Assert.AreEqual(XmppClientState.Connected, h.Client.State);
        Assert.IsFalse(h.Client.ExiActive);
        var line = h.Logs.Entries.Single(e => e.EventId == 1100);
        Assert.AreEqual(LogLevel.Information, line.Level);
        StringAssert.Contains(line.Message, "does not offer the 'exi' compression method");
        Assert.IsNull(server.ExiOptions, "the stream stayed XML");
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Prefer_CompressRefused_StaysXml()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var (connect, server, setup) = await h.ConnectToSetupAsync(ct);
        await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true'>{ExiHarness.Schemas(setup)}</setupResponse>", ct);
        var compress = await server.ReadElementAsync(ct);
        Assert.AreEqual("compress", compress.Name.LocalName);
        await server.SendAsync("<failure xmlns='http://jabber.org/protocol/compress'><setup-failed/></failure>", ct);

        // XEP-0138 §3: a failure is not fatal; the client binds on the XML stream.
        var bind = await server.ReadElementAsync(ct);
        await server.SendAsync($"<iq type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>user@example.com/meter-7</jid></bind></iq>", ct);
        Assert.AreEqual(ClientHarness.Sm + "enable", (await server.ReadElementAsync(ct)).Name);
        await server.SendAsync("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>", ct);
        await server.ReadElementAsync(ct);
        await connect;

        Assert.IsFalse(h.Client.ExiActive);
        StringAssert.Contains(h.Logs.Entries.Single(e => e.EventId == 1100).Message, "setup-failed");
    }

    internal static byte[] SchemaBytes(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
        {
            dir = dir.Parent;
        }

        return File.ReadAllBytes(Path.Combine(dir!.FullName, "src", "Edge.Exi", "Schemas", file));
    }

    private static string Attributes(XElement setup) => string.Concat(setup.Attributes()
        .Where(a => !a.IsNamespaceDeclaration && a.Name.LocalName is "alignment" or "compression" or "strict")
        .Select(a => $" {a.Name.LocalName}='{a.Value}'"));
}
