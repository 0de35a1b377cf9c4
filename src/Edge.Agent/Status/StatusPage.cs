using System.Globalization;
using System.Text;
using Edge.Hardware.Diagnostics;
using Edge.Things;

namespace Edge.Agent.Status;

/// <summary>
/// The technician's page: one HTML document, no external asset (inline CSS, an inline script of a few lines), readable
/// on a phone. Everything is rendered here, on the device: the page's script only fetches <c>/fragment</c> (the same
/// <c>main</c> element, rendered again) every <see cref="RefreshSeconds"/> seconds and swaps it in, so a browser without
/// script still sees a complete page. Read-only: nothing on it changes the device.
/// </summary>
public static class StatusPage
{
    /// <summary>How often the page's script fetches the fragment again.</summary>
    public const int RefreshSeconds = 2;

    private const string Style = """
        body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}
        header{background:#1b1f24;color:#fff;padding:.6em 1em}h1{font-size:1.1em;margin:0}
        main{padding:.5em;display:grid;gap:.5em;grid-template-columns:repeat(auto-fit,minmax(19em,1fr))}
        section{background:#fff;border-radius:6px;padding:.5em .8em;box-shadow:0 1px 2px #0002}
        h2{font-size:1em;margin:.2em 0 .4em}table{border-collapse:collapse;width:100%}
        td,th{text-align:left;padding:.15em .3em;border-bottom:1px solid #eee;vertical-align:top}th{font-weight:600;color:#555}
        .num{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#176f2c}.bad{color:#b3261e;font-weight:600}
        .flags{color:#8a5a00;font-size:.85em}.qr svg{width:100%;max-width:22em;height:auto}.uri{word-break:break-all;font-family:monospace}
        #stale{display:none;background:#b3261e;color:#fff;padding:.3em 1em}
        """;

    // Fetches the fragment again every few seconds; shows a banner while the agent does not answer.
    private const string Script = """
        (function(){var s=document.getElementById('stale');setInterval(function(){
        fetch('fragment',{cache:'no-store'}).then(function(r){if(!r.ok)throw r.status;return r.text();})
        .then(function(t){document.getElementById('live').outerHTML=t;s.style.display='none';})
        .catch(function(){s.style.display='block';});},REFRESH);})();
        """;

    /// <summary>The whole page of <paramref name="s"/>; <paramref name="qrSvg"/> renders a claim URI as an SVG element.</summary>
    public static string Render(AgentStatus s, Func<string, string> qrSvg)
    {
        ArgumentNullException.ThrowIfNull(s);
        var b = new StringBuilder(16 * 1024);
        b.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>Edge ").Append(E(s.Connection.Jid)).Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<header><h1>Edge · ").Append(E(s.Connection.Jid)).Append("</h1></header>")
            .Append("<div id=\"stale\">The agent does not answer: the values below are not live.</div>");
        Live(b, s, qrSvg);
        b.Append("<script>").Append(Script.Replace("REFRESH", (RefreshSeconds * 1000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Append("</script></body></html>");
        return b.ToString();
    }

    /// <summary>The live part alone: the <c>main</c> element the page's script swaps in.</summary>
    public static string Fragment(AgentStatus s, Func<string, string> qrSvg)
    {
        ArgumentNullException.ThrowIfNull(s);
        var b = new StringBuilder(12 * 1024);
        Live(b, s, qrSvg);
        return b.ToString();
    }

    private static void Live(StringBuilder b, AgentStatus s, Func<string, string> qrSvg)
    {
        b.Append("<main id=\"live\" data-now=\"").Append(s.Now.ToString("O", CultureInfo.InvariantCulture)).Append("\">");
        bool healthy = s.IsHealthy(out string reason);
        ConnectionStatus c = s.Connection;
        Open(b, "connection", "Connection");
        Row(b, "Health", Cls(healthy, (healthy ? "healthy: " : "unhealthy: ") + reason));
        Row(b, "State", Cls(c.Up, c.State));
        Row(b, "Server", E(c.Server));
        Row(b, "TLS", c.Up ? (c.Tls ? "yes" : Cls(false, "no")) : "—");
        Row(b, "Stream management", c.Up ? (c.StreamManagement ? "on (XEP-0198)" : "off") : "—");
        Row(b, "Connected", c.ConnectedSince is { } since ? Ago(s.Now, since) : "—");
        Row(b, "Last error", c.LastError is { } error ? Cls(false, error) + " " + Ago(s.Now, c.LastErrorAt!.Value) : "none");
        Row(b, "Sessions / resumed / lost", $"{c.Sessions} / {c.Resumptions} / {c.Disconnects}");
        Row(b, "Stanzas in / out", $"{c.StanzasReceived} / {c.StanzasSent}");
        Row(b, "Published ok / failed", $"{s.Publishing.Ok} / {s.Publishing.Failed}");
        Close(b);

        OutboxStatus o = s.Outbox;
        Open(b, "outbox", "Outbox");
        Row(b, "Waiting", string.Create(CultureInfo.InvariantCulture, $"{o.Depth} of {o.MaxEntries} ({o.Bytes} bytes)"));
        Row(b, "Oldest", o.Oldest is { } oldest ? Ago(s.Now, oldest) : "—");
        Row(b, "Dropped / parked", Cls(o.Dropped == 0, o.Dropped.ToString(CultureInfo.InvariantCulture)) + " / " + o.Parked.ToString(CultureInfo.InvariantCulture));
        Row(b, "Disk", o.Degraded ? Cls(false, "refusing writes: readings wait in memory") : "ok");
        Close(b);

        Open(b, "sampler", "Sampler");
        Row(b, "Interval", s.Sampler.Interval.ToString("c", CultureInfo.InvariantCulture));
        Row(b, "Last sample", s.Sampler.LastSample is { } last ? Ago(s.Now, last) : "—");
        Row(b, "Queued since start", s.Sampler.Queued.ToString(CultureInfo.InvariantCulture));
        Close(b);

        if (s.DemandResponse is { } dr)
        {
            Open(b, "demand-response", "Demand response");
            Row(b, "Event", dr.EventActive ? $"active: {E(dr.EventId ?? "?")} (depth {dr.Depth})" : "none");
            Row(b, "Shed loads", dr.ShedLoads.Count == 0 ? "none" : E(string.Join(", ", dr.ShedLoads)));
            Row(b, "Next restore", dr.NextRestore is { } restore ? restore.ToString("u", CultureInfo.InvariantCulture) : "—");
            Row(b, "Import", dr.ImportWatts is { } w ? w.ToString("0", CultureInfo.InvariantCulture) + " W" : "—");
            Row(b, "Energy today", dr.EnergyTodayWh is { } wh ? wh.ToString("0", CultureInfo.InvariantCulture) + " Wh" : "—");
            Row(b, "Quiet hours / budget", (dr.QuietHours ? "quiet" : "normal") + " / " + (dr.BudgetExceeded ? Cls(false, "exceeded") : "within"));
            Row(b, "Program events", dr.Events.Count.ToString(CultureInfo.InvariantCulture));
            Close(b);
        }

        if (s.Claim is { } claim)
        {
            Open(b, "claim", "Owner");
            Row(b, "Registry state", E(claim.State));
            if (claim.Owner is { } owner)
            {
                Row(b, "Owner", E(owner));
            }

            b.Append("</table>");
            if (claim.ClaimUri is { } uri)
            {
                b.Append("<p>Not claimed yet. Scan to claim:</p><div class=\"qr\">").Append(qrSvg(uri)).Append("</div><p class=\"uri\" id=\"claim-uri\">")
                    .Append(E(uri)).Append("</p>");
            }

            b.Append("</section>");
        }

        foreach (SensorStatus sensor in s.Sensors)
        {
            Sensor(b, s.Now, sensor);
        }

        Open(b, "process", "Process");
        Row(b, "Memory (RSS / peak)", $"{Mib(s.Process.ResidentBytes)} / {Mib(s.Process.PeakResidentBytes)}");
        if (s.Process.Gc is { } gc)
        {
            Row(b, "Managed heap (size / committed)", $"{Mib(gc.HeapBytes)} / {Mib(gc.CommittedBytes)}");
        }

        Row(b, "Threads", s.Process.Threads.ToString(CultureInfo.InvariantCulture));
        Row(b, "CPU time", s.Process.Cpu.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        Row(b, "Running", Ago(s.Now, s.Process.Started).Replace(" ago", string.Empty, StringComparison.Ordinal));
        if (s.Problem is { } problem)
        {
            Row(b, "Problem", Cls(false, problem));
        }

        Close(b);
        b.Append("</main>");
    }

    private static void Sensor(StringBuilder b, DateTimeOffset now, SensorStatus sensor)
    {
        b.Append("<section class=\"sensor\" data-node=\"").Append(E(sensor.NodeId)).Append("\"><h2>").Append(sensor.Relay ? "Relay " : "Sensor ")
            .Append(E(sensor.NodeId)).Append("</h2><p>").Append(sensor.ReadAt is { } at ? "read " + Ago(now, at) : "not read yet");
        if (sensor.Errors > 0)
        {
            b.Append(" · ").Append(Cls(sensor.Error is null, $"{sensor.Errors} failed reads"));
        }

        if (sensor.Error is { } error)
        {
            b.Append(" · ").Append(Cls(false, error));
        }

        b.Append("</p><table><tr><th>Field</th><th class=\"num\">Value</th><th>Unit</th></tr>");
        foreach (Field f in sensor.Fields)
        {
            b.Append("<tr data-field=\"").Append(E(f.Name)).Append("\"><td>").Append(E(f.Name)).Append("</td><td class=\"num\">")
                .Append(E(LiveTable.FormatValue(f))).Append("</td><td>").Append(E(LiveTable.UnitOf(f)));
            FieldQoS flags = f.QoS & ~FieldQoS.AutomaticReadout;
            if (flags != FieldQoS.None)
            {
                b.Append(" <span class=\"flags\">").Append(E(flags.ToString())).Append("</span>");
            }

            b.Append("</td></tr>");
        }

        b.Append("</table></section>");
    }

    private static void Open(StringBuilder b, string id, string title) =>
        b.Append("<section id=\"").Append(id).Append("\"><h2>").Append(title).Append("</h2><table>");

    private static void Close(StringBuilder b) => b.Append("</table></section>");

    private static void Row(StringBuilder b, string name, string html) =>
        b.Append("<tr><th>").Append(name).Append("</th><td>").Append(html).Append("</td></tr>");

    private static string Cls(bool ok, string text) => $"<span class=\"{(ok ? "ok" : "bad")}\">{E(text)}</span>";

    /// <summary>Text or an attribute value escaped for HTML (the five characters that matter; the page is UTF-8, so "°C" stays as it is).</summary>
    private static string E(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static string Ago(DateTimeOffset now, DateTimeOffset then)
    {
        TimeSpan d = now - then;
        string text = d < TimeSpan.Zero ? "just now"
            : d.TotalSeconds < 120 ? $"{(int)d.TotalSeconds} s ago"
            : d.TotalMinutes < 120 ? $"{(int)d.TotalMinutes} min ago"
            : d.TotalHours < 48 ? $"{(int)d.TotalHours} h ago"
            : $"{(int)d.TotalDays} d ago";
        return $"<time datetime=\"{then.ToString("O", CultureInfo.InvariantCulture)}\">{text}</time>";
    }
}
