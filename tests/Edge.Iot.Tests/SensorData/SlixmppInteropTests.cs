using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Edge.Iot.Tests.SensorData;

/// <summary>
/// What our device sends, fed to slixmpp 1.8.3's own xep_0323 client handlers (offline, through
/// <c>slixmpp_client.py</c>): they must understand every answer without failing. Needs /usr/bin/python3 with the
/// Debian python3-slixmpp package; fails loudly without it (never skips).
/// </summary>
[TestClass]
[TestCategory("Interop")]
public sealed class SlixmppInteropTests
{
    private static readonly DateTimeOffset Now = new(2013, 4, 5, 12, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private static string Script
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Edge.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return Path.Combine(dir ?? throw new InvalidOperationException("Edge.sln not found above the test output."),
                "tests", "Edge.Iot.Tests", "SensorData", "slixmpp_client.py");
        }
    }

    /// <summary>Runs the stanzas through slixmpp's client handlers; returns its callbacks.</summary>
    private static async Task<List<JsonObject>> SlixmppSeesAsync(string seqnr, IEnumerable<XElement> stanzas, CancellationToken ct)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", [Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var input = new JsonObject
        {
            ["seqnr"] = seqnr,
            ["stanzas"] = new JsonArray([.. stanzas.Select(s => (JsonNode)s.ToString(SaveOptions.DisableFormatting))]),
        };
        await python.StandardInput.WriteAsync(input.ToJsonString());
        python.StandardInput.Close();
        var output = await python.StandardOutput.ReadToEndAsync(ct);
        var errors = await python.StandardError.ReadToEndAsync(ct);
        await python.WaitForExitAsync(ct);
        Assert.AreEqual(0, python.ExitCode, "slixmpp_client.py failed (is python3-slixmpp installed?): " + errors);
        var callbacks = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.IsFalse(callbacks.Any(c => c.ContainsKey("exception") || c.ContainsKey("unhandled")),
            "slixmpp could not handle our stanzas: " + string.Join("\n", callbacks.Select(c => c.ToJsonString())));
        return callbacks;
    }

    private static string[] Results(List<JsonObject> callbacks) => [.. callbacks.Select(c => (string)c["result"]!)];

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task SlixmppClient_ReadoutOfTwoNodes_AcceptedFieldsDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(SensorDataServerSlixmppTests.Provider(), ct, now: Now);
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"1\" from=\"client@example.org/amr\" type=\"get\"><req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"1\" "
            + "momentary=\"true\"><node nodeId=\"Device02\" /><node nodeId=\"Device03\" /></req></iq>", ct);
        var sent = new List<XElement> { await d.ReadAsync(ct), await d.ReadAsync(ct), await d.ReadAsync(ct) };

        var callbacks = await SlixmppSeesAsync("1", sent, ct);

        CollectionAssert.AreEqual((string[])["accepted", "fields", "fields", "done"], Results(callbacks));
        var fields = callbacks[1]["fields"]!.AsArray();
        Assert.AreEqual("Device02", (string?)callbacks[1]["nodeId"]);
        Assert.AreEqual("2013-04-05T12:00:00Z", (string?)callbacks[1]["timestamp"]);
        Assert.AreEqual("Temperature", (string?)fields[0]!["name"]);
        Assert.AreEqual("numeric", (string?)fields[0]!["typename"]);
        Assert.AreEqual("23.4", (string?)fields[0]!["value"]);
        Assert.AreEqual("°C", (string?)fields[0]!["unit"]);
        Assert.AreEqual("true", (string?)fields[0]!["flags"]!["momentary"]);
        Assert.AreEqual("Device03", (string?)callbacks[2]["nodeId"]);
    }

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task SlixmppClient_OneNodeFails_FieldsThenFailureLast()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var provider = SensorDataServerSlixmppTests.Provider();
        provider.SetFields(new Edge.Things.ThingReference("Device02"));
        provider.FailReads(new Edge.Things.ThingReference("Device02"), "Timeout.");
        await using var d = await DeviceHarness.StartAsync(provider, ct, now: Now);
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"2\" from=\"client@example.org/amr\" type=\"get\"><req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"2\" "
            + "momentary=\"true\"><node nodeId=\"Device02\" /><node nodeId=\"Device03\" /></req></iq>", ct);
        var sent = new List<XElement> { await d.ReadAsync(ct), await d.ReadAsync(ct), await d.ReadAsync(ct) };

        var callbacks = await SlixmppSeesAsync("2", sent, ct);

        // slixmpp drops its session at the first failure: errors come last, so no field is lost there.
        CollectionAssert.AreEqual((string[])["accepted", "fields", "failure"], Results(callbacks));
        Assert.AreEqual("Device03", (string?)callbacks[1]["nodeId"]);
        Assert.AreEqual("Device02", (string?)callbacks[2]["nodeId"]);
        Assert.AreEqual("Timeout.", (string?)callbacks[2]["error_msg"]);
    }

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task SlixmppClient_QueuedReadout_QueuedStartedFieldsDone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(SensorDataServerSlixmppTests.Provider(), ct, now: Now);
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"3\" from=\"client@example.org/amr\" type=\"get\"><req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"3\" "
            + "when=\"2013-04-05T12:30:00\" momentary=\"true\"><node nodeId=\"Device02\" /></req></iq>", ct);
        var sent = new List<XElement> { await d.ReadAsync(ct) };
        d.Harness.Time.Advance(TimeSpan.FromMinutes(30));
        sent.Add(await d.ReadAsync(ct));
        sent.Add(await d.ReadAsync(ct));

        var callbacks = await SlixmppSeesAsync("3", sent, ct);

        CollectionAssert.AreEqual((string[])["queued", "started", "fields", "done"], Results(callbacks));
    }

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task SlixmppClient_Cancel_Cancelled()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(SensorDataServerSlixmppTests.Provider(), ct, now: Now);
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"8\" from=\"client@example.org/amr\" type=\"get\"><req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"8\" "
            + "when=\"2013-04-05T13:00:00\" all=\"true\" /></iq>", ct);
        var accepted = await d.ReadAsync(ct);
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"8\" from=\"client@example.org/amr\" type=\"get\"><cancel xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"8\" /></iq>", ct);
        var cancelled = await d.ReadAsync(ct);

        var callbacks = await SlixmppSeesAsync("8", [accepted, cancelled], ct);

        CollectionAssert.AreEqual((string[])["queued", "cancelled"], Results(callbacks));
    }
}
