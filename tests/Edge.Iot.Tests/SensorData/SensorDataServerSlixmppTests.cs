using System.Xml.Linq;
using Edge.Testing.Iot;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>
/// Requests exactly as slixmpp 1.8.3's xep_0323 plugin builds them (literal output of its stanza classes: Request,
/// RequestNode, RequestField, Cancel; <c>from</c> as the server stamps it) get a useful answer. What slixmpp makes
/// of our answers is checked against its own handlers in <see cref="SlixmppInteropTests"/>.
/// </summary>
[TestClass]
public sealed class SensorDataServerSlixmppTests
{
    private static readonly DateTimeOffset Now = new(2013, 4, 5, 12, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    internal static FakeThingProvider Provider()
    {
        var provider = SensorDataServerReadoutTests.Concentrator();
        provider.SetFields(new ThingReference("Device02"),
            DeviceHarness.Numeric("Temperature", 23.4, "°C", 1, Now),
            DeviceHarness.Numeric("Humidity", 41, "%RH", 0, Now),
            new Field("Serial", new StringValue("SN-2"), Now, ReadoutTypes.Identity));
        provider.SetFields(new ThingReference("Device03", null, "Meter"),
            DeviceHarness.Numeric("Temperature", 22.8, "°C", 1, Now),
            DeviceHarness.Numeric("Temperature", 21.0, "°C", 1, new DateTimeOffset(2013, 3, 7, 12, 0, 0, TimeSpan.Zero), ReadoutTypes.HistoricalHour),
            DeviceHarness.Numeric("Temperature", 20.5, "°C", 1, new DateTimeOffset(2013, 3, 8, 12, 0, 0, TimeSpan.Zero), ReadoutTypes.HistoricalHour));
        return provider;
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task SlixmppReq_NodesWithSourceAndCacheTypeAndField_Answered()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct, now: Now);

        // slixmpp: request_data(..., nodeIds=['Device02','Device03'…], fields=['Temperature'], flags={'momentary':'true'})
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"1\" from=\"client@example.org/amr\" to=\"device@example.org/edge\" type=\"get\">"
            + "<req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"1\" momentary=\"true\"><node nodeId=\"Device02\" />"
            + "<node nodeId=\"Device03\" sourceId=\"MeteringTopology\" cacheType=\"Meter\" /><field name=\"Temperature\" /></req></iq>", ct);

        // slixmpp keys its session by the seqnr string: accepted and every message echo seqnr='1'.
        var answer = await d.ReadAsync(ct);
        Assert.AreEqual("1", (string?)answer.Attribute("id"));
        Assert.AreEqual("<accepted seqnr=\"1\" xmlns=\"urn:xmpp:iot:sensordata\" />", answer.Elements().Single().ToString(SaveOptions.DisableFormatting));
        var first = await d.ReadMessageAsync(ct);
        var second = await d.ReadMessageAsync(ct);
        Assert.AreEqual("Device02", (string?)first.Element(DeviceHarness.Sd + "node")?.Attribute("nodeId"));
        Assert.AreEqual("Temperature", (string?)first.Descendants(DeviceHarness.Sd + "numeric").Single().Attribute("name"));
        Assert.AreEqual("Device03", (string?)second.Element(DeviceHarness.Sd + "node")?.Attribute("nodeId"));
        Assert.AreEqual("true", (string?)second.Attribute("done"), "slixmpp ends its session on the done attribute");
        Assert.IsTrue(new[] { first, second }.All(m => (string?)m.Attribute("seqnr") == "1"));
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task SlixmppReq_NoFlags_EveryKind()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct, now: Now);

        // slixmpp: request_data(..., nodeIds=['Device02'], flags=None) writes no kind at all.
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"2\" from=\"client@example.org/amr\" type=\"get\"><req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"2\">"
            + "<node nodeId=\"Device02\" /></req></iq>", ct);

        await d.ReadAsync(ct);
        var fields = await d.ReadMessageAsync(ct);
        CollectionAssert.AreEqual((string[])["Temperature", "Humidity", "Serial"],
            fields.Descendants().Where(e => e.Attribute("name") is not null).Select(e => (string)e.Attribute("name")!).ToArray());
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task SlixmppReq_WhenAsLocalTimeWithoutZone_ScheduledInTheDevicesZone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct, now: Now);
        d.Harness.Time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("Test+02", TimeSpan.FromHours(2), "Test+02", "Test+02"));

        // slixmpp: flags={'when': '2013-04-05T15:00:03', 'momentary': 'true'} — strftime local time: 13:00:03 UTC here.
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"3\" from=\"client@example.org/amr\" type=\"get\"><req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"3\" "
            + "when=\"2013-04-05T15:00:03\" momentary=\"true\"><node nodeId=\"Device02\" /></req></iq>", ct);

        Assert.AreEqual("true", (string?)(await d.ReadAsync(ct)).Elements().Single().Attribute("queued"));
        d.Harness.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2));
        await d.AssertNothingSentAsync(ct);
        d.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.AreEqual(DeviceHarness.Sd + "started", (await d.ReadMessageAsync(ct)).Name);
        Assert.AreEqual(DeviceHarness.Sd + "fields", (await d.ReadMessageAsync(ct)).Name);
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task SlixmppReq_HistoricalRangeWithoutZone_RangeInTheDevicesZone()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct, now: Now);
        d.Harness.Time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("Test+02", TimeSpan.FromHours(2), "Test+02", "Test+02"));

        // slixmpp: flags={'historical': 'true', 'from': …, 'to': …}; 13:00 local is 11:00 UTC: only the 7 March 12:00Z value.
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"4\" from=\"client@example.org/amr\" type=\"get\"><req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"4\" "
            + "historical=\"true\" from=\"2013-03-07T00:00:00\" to=\"2013-03-08T13:00:00\"><node nodeId=\"Device03\" /></req></iq>", ct);

        await d.ReadAsync(ct);
        var fields = await d.ReadMessageAsync(ct);
        CollectionAssert.AreEqual((string[])["21.0"],
            fields.Descendants(DeviceHarness.Sd + "numeric").Select(n => (string)n.Attribute("value")!).ToArray());
    }

    [TestMethod]
    [Timeout(10_000, CooperativeCancellation = true)]
    public async Task SlixmppCancel_SameIqIdAsItsRequest_Cancelled()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var d = await DeviceHarness.StartAsync(Provider(), ct, now: Now);
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"8\" from=\"client@example.org/amr\" type=\"get\"><req xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"8\" "
            + "when=\"2013-04-05T13:00:00\" all=\"true\" /></iq>", ct);
        await d.ReadAsync(ct);

        // slixmpp: cancel_request(session) reuses the seqnr as IQ id, the request's own id.
        await d.SendAsync("<iq xmlns=\"jabber:client\" id=\"8\" from=\"client@example.org/amr\" type=\"get\"><cancel xmlns=\"urn:xmpp:iot:sensordata\" seqnr=\"8\" /></iq>", ct);

        var answer = await d.ReadAsync(ct);
        Assert.AreEqual("8", (string?)answer.Attribute("id"));
        Assert.AreEqual("<cancelled seqnr=\"8\" xmlns=\"urn:xmpp:iot:sensordata\" />", answer.Elements().Single().ToString(SaveOptions.DisableFormatting));
        d.Harness.Time.Advance(TimeSpan.FromHours(2));
        await d.AssertNothingSentAsync(ct);
    }
}
