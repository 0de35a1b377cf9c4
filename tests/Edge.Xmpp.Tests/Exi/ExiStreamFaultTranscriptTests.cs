using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>
/// A peer's malformed EXI on an established EXI stream: a clear stream error (as EXI, then streamEnd), the
/// client survives, and stream management resends what the server had not acknowledged once it resumes.
/// </summary>
[TestClass]
public sealed class ExiStreamFaultTranscriptTests
{
    private static readonly XNamespace Client = ClientHarness.JabberClient;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(20_000)]
    public async Task MalformedExiFromServer_BadFormatStreamError_UnackedStanzaResentAfterResume()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ExiHarness();
        var (connect, first, setup) = await h.ConnectToSetupAsync(ct);
        await first.SendAsync($"<setupResponse xmlns='{ExiHarness.Exi}' version='1' agreement='true' configurationId='cfg'>{ExiHarness.Schemas(setup)}</setupResponse>", ct);
        await ExiHarness.CompressAsync(first, ExiHarness.Bodies(), ct);
        await ExiHarness.FinishLoginAsync(first, ct);
        await connect;

        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, e) => lost.TrySetResult(e.Cause);
        var reading = new XElement(Client + "message", new XAttribute("to", "backend@example.com/app"), new XAttribute("id", "r1"),
            new XElement(Client + "body", "reading 42"));
        await h.Client.SendAsync(reading, ct);
        XmlEquivalence.AssertSame(reading, await first.ReadElementAsync(ct));

        // S: bytes that are no EXI body of the agreed grammar (never acknowledging r1).
        await first.SendBytesAsync([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], ct);

        // C: <stream:error><bad-format/></stream:error> and streamEnd, both EXI bodies.
        var error = await first.ReadElementAsync(ct);
        Assert.AreEqual(XmppNamespaces.Streams + "error", error.Name, error.ToString());
        Assert.AreEqual(XmppNamespaces.StreamErrors + "bad-format", error.Elements().Single().Name);
        Assert.AreEqual(FakeFrameKind.StreamEnd, (await first.ReadFrameAsync(ct)).Kind);
        var cause = await lost.Task.WaitAsync(ct);
        StringAssert.Contains(cause.Message, "Malformed EXI");

        // Reconnect: quick setup, EXI, resume; r1 goes out again.
        var reconnect = h.Client.ConnectAsync(ct);
        var second = await h.NextServerAsync(ct);
        await ExiHarness.OfferAfterSaslAsync(second, ct);
        Assert.AreEqual("cfg", (string?)(await ExiHarness.ExpectSetupAsync(second, ct)).Attribute("configurationId"));
        await second.SendAsync($"<setupResponse xmlns='{ExiHarness.Exi}' agreement='true' configurationId='cfg'/>", ct);
        await ExiHarness.CompressAsync(second, ExiHarness.Bodies(), ct);
        await second.OpenExiStreamAsync(ClientHarness.Bind + ClientHarness.StreamManagement, ct);
        var resume = await second.ReadElementAsync(ct);
        Assert.AreEqual(ClientHarness.Sm + "resume", resume.Name);
        await second.SendExiAsync("<resumed xmlns='urn:xmpp:sm:3' previd='sm-1' h='1'/>", ct);
        XmlEquivalence.AssertSame(reading, await second.ReadElementAsync(ct));
        await reconnect;
        Assert.AreEqual(XmppClientState.Connected, h.Client.State);
    }
}
