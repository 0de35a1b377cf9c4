using Edge.Agent.Status;

namespace Edge.Agent.Tests.Status;

[TestClass]
public sealed class StatusPageTests
{
    private const string ClaimUri = "iotdisco:R=registry.example.org;KEY=abc";

    [TestMethod]
    public void Render_Sensors_EachWithItsFieldsUnitsAndFlags()
    {
        var html = StatusPage.Render(StatusSamples.Connected(), _ => throw new AssertFailedException("no QR code without a claim"));

        StringAssert.Contains(html, "<section class=\"sensor\" data-node=\"climate\"><h2>Sensor climate</h2>");
        StringAssert.Contains(html, "<tr data-field=\"Temperature\"><td>Temperature</td><td class=\"num\">21.5</td><td>°C</td></tr>");
        StringAssert.Contains(html, "<td class=\"num\">40</td><td>% <span class=\"flags\">Warning</span>");
        StringAssert.Contains(html, "<h2>Relay heater</h2>");
        StringAssert.Contains(html, "<td class=\"num\">on</td>");
        Assert.IsFalse(html.Contains("http", StringComparison.OrdinalIgnoreCase), "no external asset, no link");
    }

    [TestMethod]
    public void Render_Connection_StateServerTlsStreamManagementLastError()
    {
        var html = StatusPage.Render(StatusSamples.Connected(), _ => "");

        StringAssert.Contains(html, "<tr><th>Server</th><td>example.org:5222</td></tr>");
        StringAssert.Contains(html, "<tr><th>TLS</th><td>yes</td></tr>");
        StringAssert.Contains(html, "<tr><th>Stream management</th><td>on (XEP-0198)</td></tr>");
        StringAssert.Contains(html, ">5 min ago</time>");
        StringAssert.Contains(html, "The server closed the stream.");
        StringAssert.Contains(html, "<tr><th>Waiting</th><td>3 of 100 (300 bytes)</td></tr>");
        StringAssert.Contains(html, ">12 s ago</time>");
    }

    [TestMethod]
    public void Render_Process_MemoryManagedHeapAndThreads()
    {
        var html = StatusPage.Render(StatusSamples.Connected(), _ => "");

        StringAssert.Contains(html, "<tr><th>Memory (RSS / peak)</th><td>12.0 MiB / 14.0 MiB</td></tr>");
        StringAssert.Contains(html, "<tr><th>Managed heap (size / committed)</th><td>3.0 MiB / 5.0 MiB</td></tr>");
        StringAssert.Contains(html, "<tr><th>Threads</th><td>11</td></tr>");
    }

    [TestMethod]
    public void Render_Unclaimed_ShowsTheQrCodeAndTheClaimUri()
    {
        string? asked = null;
        var html = StatusPage.Render(StatusSamples.Connected(new ClaimStatus("registered", ClaimUri, null)), uri =>
        {
            asked = uri;
            return "<svg id=\"qr\"></svg>";
        });

        Assert.AreEqual(ClaimUri, asked);
        StringAssert.Contains(html, "<div class=\"qr\"><svg id=\"qr\"></svg></div>");
        StringAssert.Contains(html, "<p class=\"uri\" id=\"claim-uri\">iotdisco:R=registry.example.org;KEY=abc</p>");
    }

    [TestMethod]
    public void Render_Claimed_ShowsTheOwnerAndNoQrCode()
    {
        var html = StatusPage.Render(StatusSamples.Connected(new ClaimStatus("claimed", null, "owner@example.org")),
            _ => throw new AssertFailedException("no QR code once claimed"));

        StringAssert.Contains(html, "<tr><th>Owner</th><td>owner@example.org</td></tr>");
        Assert.IsFalse(html.Contains("claim-uri", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Render_MarkupInANodeIdOrError_IsEscaped()
    {
        var evil = new SensorStatus("<script>x</script>", false, null, [], 2, "<b>bus</b>");
        var html = StatusPage.Render(StatusSamples.Connected(sensors: [evil]), _ => "");

        Assert.IsFalse(html.Contains("<script>x", StringComparison.Ordinal));
        StringAssert.Contains(html, "&lt;script&gt;x&lt;/script&gt;");
        StringAssert.Contains(html, "&lt;b&gt;bus&lt;/b&gt;");
        StringAssert.Contains(html, "2 failed reads");
    }

    [TestMethod]
    public void Fragment_IsTheLiveMainElementOfThePage()
    {
        var status = StatusSamples.Connected();
        var fragment = StatusPage.Fragment(status, _ => "");

        StringAssert.StartsWith(fragment, "<main id=\"live\"");
        StringAssert.EndsWith(fragment, "</main>");
        StringAssert.Contains(StatusPage.Render(status, _ => ""), fragment);
    }
}
