using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Edge.Agent.Provisioning;
using Edge.Agent.Status;
using Edge.Integration.Tests.Interop;
using Edge.Integration.Tests.Registry;
using Edge.Iot.Discovery;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Microsoft.Extensions.DependencyInjection;
using ZXing;
using ZXing.Common;

namespace Edge.Integration.Tests.Status;

/// <summary>
/// The technician's and operator's view (issue 14): the real agent on the sim profile, logged in to the real server
/// (Prosody or ejabberd, EDGE_XMPP_SERVER) and registered in the thing registry, with <c>Agent:Http</c> on. Debian's
/// Chromium, started headless by the test, loads the page: every sensor and relay is on it, the values change between
/// two loads, the claim QR code in the screenshot decodes to the claim URI, and the owner shows once claimed.
/// <c>/metrics</c> parses with the reference Prometheus parser; a peer that is not 127.0.0.1 (a second loopback
/// address, 127.0.0.2: the same code path as another host) is refused without the token.
/// </summary>
[TestClass]
[DoNotParallelize] // one agent account, one component name
public sealed partial class StatusPageBrowserTests
{
    private const string Token = "it-token-0123456789abcdef";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(240_000)]
    public async Task Page_InChromium_ShowsLiveSensorsAndAClaimQrCodeThatDecodesThenTheOwner()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        await using var agent = await StartAgentAsync();
        var page = PageUri(agent);
        var file = Path.Combine(agent.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Agent.AgentOptions>>().Value.DataDirectory, ProvisioningState.FileName);
        var registered = await Provisioning.ProvisioningData.WaitForStateAsync(file, ProvisioningState.Registered);

        var first = await HeadlessChromium.DumpDomAsync(page, ct);
        var shot = await HeadlessChromium.ScreenshotAsync(page, 1280, 3000, ct);
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // three sampling intervals
        var second = await HeadlessChromium.DumpDomAsync(page, ct);

        // Every sensor and relay of the profile, with its fields.
        var nodes = agent.Hardware.Sensors.Select(s => s.Node.NodeId).Concat(agent.Hardware.Relays.Select(r => r.Node.NodeId)).ToList();
        var before = Values(first);
        var after = Values(second);
        foreach (var node in nodes)
        {
            Assert.IsTrue(before.Keys.Any(k => k.Node == node), $"sensor {node} on the page");
        }

        StringAssert.Contains(first, "<td>°C</td>", "units are shown");
        StringAssert.Contains(first, "<span class=\"ok\">connected</span>");
        StringAssert.Contains(first, $"<tr><th>Server</th><td>{Server.Xmpp.Host}:{Server.Xmpp.Port}</td></tr>");
        StringAssert.Contains(first, "<tr><th>TLS</th><td>yes</td></tr>");
        var changed = before.Where(kv => after.TryGetValue(kv.Key, out var v) && v != kv.Value).Select(kv => kv.Key).ToList();
        Assert.IsTrue(changed.Count > 0, "values change between two loads: " + string.Join(", ", before.Take(10)));

        // Left open, the page refreshes itself: its script swaps in a newer live part, with newer values.
        await using (var open = await BrowserPage.OpenAsync(page, ct))
        {
            const string Now = "document.getElementById('live') && document.getElementById('live').dataset.now";
            const string Values = "Array.from(document.querySelectorAll('td.num')).map(function(e){return e.textContent}).join('|')";
            var loaded = await open.WaitForChangeAsync(Now, null, TimeSpan.FromSeconds(20), ct);
            Assert.IsNotNull(loaded, "the page loads");
            var shown = await open.EvaluateAsync(Values, ct);
            var refreshed = await open.WaitForChangeAsync(Now, loaded, TimeSpan.FromSeconds(StatusPage.RefreshSeconds * 5), ct);
            Assert.IsTrue(refreshed is not null && DateTimeOffset.Parse(refreshed, CultureInfo.InvariantCulture) > DateTimeOffset.Parse(loaded, CultureInfo.InvariantCulture),
                "the page's script fetches a newer live part");
            Assert.AreNotEqual(shown, await open.EvaluateAsync(Values, ct), "refreshed values");
            Assert.AreEqual("none", await open.EvaluateAsync("getComputedStyle(document.getElementById('stale')).display", ct), "no 'not live' banner");
        }

        // The claim QR code, as Chromium drew it, decodes to the claim URI the agent registered with.
        StringAssert.Contains(first, $"id=\"claim-uri\">{registered.ClaimUri}</p>");
        var png = PngImage.Decode(shot);
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        var decoded = reader.Decode(new RGBLuminanceSource(png.Luminance, png.Width, png.Height, RGBLuminanceSource.BitmapFormat.Gray8));
        if (decoded is null)
        {
            // Kept with the test's results, so a failure can be looked at: what Chromium drew.
            var kept = Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), "status-page-no-qr.png");
            await File.WriteAllBytesAsync(kept, shot, ct);
            TestContext.AddResultFile(kept);
            Assert.Fail($"no QR code found in the {png.Width}x{png.Height} screenshot (kept as {kept}); the page was:\n{first}");
        }

        Assert.AreEqual(registered.ClaimUri, decoded.Text);

        // Claimed: the owner, and no QR code any more.
        Assert.IsTrue(ClaimUri.TryParse(registered.ClaimUri, out var claim, out var error), error);
        var (_, owner) = await world.OwnerAsync(ct);
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None), ct));
        await Clients.WaitUntilAsync(() => ProvisioningState.TryLoad(file, out var s, out _) && s.State == ProvisioningState.Claimed,
            TimeSpan.FromSeconds(30), "the agent to record its owner");
        var claimed = await HeadlessChromium.DumpDomAsync(page, ct);
        StringAssert.Contains(claimed, $"<tr><th>Owner</th><td>{TestAccounts.BackendJid}</td></tr>");
        Assert.IsFalse(claimed.Contains("claim-uri", StringComparison.Ordinal), "no claim QR code once claimed");
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task Metrics_ParseAsPrometheusTextAndCountTheSession_HealthOk_AndAnotherAddressNeedsTheToken()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var agent = await StartAgentAsync();
        var endpoint = agent.Host.Services.GetRequiredService<StatusHttpServer>().Endpoint!;
        await Clients.WaitUntilAsync(() => agent.Host.Services.GetRequiredService<Agent.Publishing.PublisherService>().PublishedCount > 0,
            TimeSpan.FromSeconds(30), "a reading published");

        using var local = new HttpClient();
        var families = await PrometheusParser.ParseAsync(await local.GetStringAsync(new Uri($"http://{endpoint}/metrics"), ct), ct);
        double Value(string sample) => families.SelectMany(f => f.Samples).Single(s => s.Name == sample).Value;
        Assert.AreEqual(1, Value("edge_xmpp_up"));
        Assert.IsTrue(Value("edge_xmpp_stanzas_sent_total") > 0);
        Assert.IsTrue(Value("edge_xmpp_stanzas_received_total") > 0);
        Assert.IsTrue(Value("edge_publish_ok_total") > 0);
        Assert.IsTrue(Value("process_resident_memory_bytes") > 1_000_000);
        Assert.IsTrue(Value("process_cpu_seconds_total") > 0);
        Assert.AreEqual("counter", families.Single(f => f.Name == "edge_publish_ok").Type);
        var errors = families.Single(f => f.Name == "edge_sensor_read_errors").Samples;
        CollectionAssert.AreEquivalent(agent.Hardware.Sensors.Select(s => s.Node.NodeId).Concat(agent.Hardware.Relays.Select(r => r.Node.NodeId)).ToList(),
            errors.Select(s => s.Labels["sensor"]).ToList(), "one read-error counter per sensor and relay");

        using var health = await local.GetAsync(new Uri($"http://{endpoint}/healthz"), ct);
        Assert.AreEqual(HttpStatusCode.OK, health.StatusCode);
        StringAssert.StartsWith(await health.Content.ReadAsStringAsync(ct), "ok: connected");

        // From 127.0.0.2: not the device itself, so the token is needed (bearer, as Prometheus sends it; or basic).
        using var other = new HttpClient(new SocketsHttpHandler { ConnectCallback = FromSecondLoopbackAsync });
        using (var refused = await other.GetAsync(new Uri($"http://{endpoint}/metrics"), ct))
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.IsFalse((await refused.Content.ReadAsStringAsync(ct)).Contains("edge_", StringComparison.Ordinal));
        }

        using (var page = await other.GetAsync(new Uri($"http://{endpoint}/"), ct))
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, page.StatusCode, "the page too");
        }

        using var bearer = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{endpoint}/metrics"));
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var allowed = await other.SendAsync(bearer, ct);
        Assert.AreEqual(HttpStatusCode.OK, allowed.StatusCode);
        await PrometheusParser.ParseAsync(await allowed.Content.ReadAsStringAsync(ct), ct);
    }

    private static async Task<AgentUnderTest> StartAgentAsync() => await AgentUnderTest.StartAsync("status", new Dictionary<string, string?>
    {
        ["Agent:Http:Enabled"] = "true",
        ["Agent:Http:Listen"] = "127.0.0.1:0",
        ["Agent:Http:Token"] = Token,
        ["Agent:Provisioning:Enabled"] = "true",
        ["Agent:Provisioning:Registry"] = Server.Xmpp.ComponentDomain,
    });

    private static Uri PageUri(AgentUnderTest agent) =>
        new($"http://{agent.Host.Services.GetRequiredService<StatusHttpServer>().Endpoint}/");

    private static async ValueTask<Stream> FromSecondLoopbackAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Each field's displayed value by (node, field), from the page's DOM.</summary>
    private static Dictionary<(string Node, string Field), string> Values(string dom)
    {
        var values = new Dictionary<(string, string), string>();
        foreach (Match section in SensorSection().Matches(dom))
        {
            foreach (Match row in FieldRow().Matches(section.Groups["body"].Value))
            {
                values[(section.Groups["node"].Value, row.Groups["field"].Value)] = row.Groups["value"].Value;
            }
        }

        return values;
    }

    [GeneratedRegex("<section class=\"sensor\" data-node=\"(?<node>[^\"]+)\">(?<body>.*?)</section>", RegexOptions.Singleline)]
    private static partial Regex SensorSection();

    [GeneratedRegex("<tr data-field=\"(?<field>[^\"]+)\"><td>[^<]*</td><td class=\"num\">(?<value>[^<]*)</td>")]
    private static partial Regex FieldRow();
}
