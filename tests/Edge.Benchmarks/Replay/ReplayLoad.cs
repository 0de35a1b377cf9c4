using System.Globalization;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;

namespace Edge.Benchmarks.Replay;

/// <summary>
/// <c>Edge.Benchmarks replay --edge PATH --old-edge PATH [options]</c>: the outbox replay after an outage (issue "a
/// backlog drains at the server's speed"). A backlog of <c>--nodes</c> × <c>--samples</c> meter readings is drained to a
/// private Prosody (a fresh one per run) by three publishers, over loopback and through a proxy adding
/// <c>--delay-ms</c> each way, and the figures are printed side by side:
/// <list type="bullet">
/// <item>the agent of today (<c>--edge</c>), its outbox pre-filled through the <c>DurableOutbox</c> API;</item>
/// <item>the agent of commit b68920b (<c>--old-edge</c>), its one-file-per-entry outbox pre-filled in that format; through
/// the delaying proxy only the first <c>--old-limit</c> items are timed (one round trip each) and the rest extrapolated;</item>
/// <item>a pipelined slixmpp publisher (<c>replay_peer.py</c>, with each of <c>--peer-windows</c> publishes in flight): what the server
/// accepts from a pipelined peer.</item>
/// </list>
/// The agents run as processes of their own under perf stat or strace (fsync count) with sampling off (a profile without sensors);
/// drain time runs from the agent's "Connected" log line (the peer: from its login) until the server holds each node's
/// last item, polled every 50 ms by a backend connected straight to the server. Not a test: figures, not assertions.
/// </summary>
public static partial class ReplayLoad
{
    private const int ServerMaxItems = 4000;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Arguments(args);
        var edge = Path.GetFullPath(o.Text("edge", "src/Edge.Agent/bin/Release/net10.0/edge"));
        var oldEdge = o.Text("old-edge", string.Empty) is { Length: > 0 } old ? Path.GetFullPath(old) : null;
        var data = new ReplayData(o.Int("nodes", 10), o.Int("samples", 3600), "edge/");
        var settings = new Settings(edge, oldEdge, o.Int("old-limit", 1000), [.. o.Text("peer-windows", "32,64").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))],
            TimeSpan.FromSeconds(o.Int("timeout", 300)), o.Text("links", "loopback,delayed").Split(','), TimeSpan.FromMilliseconds(o.Int("delay-ms", 25)));
        if (!File.Exists(edge))
        {
            await Console.Error.WriteLineAsync($"replay: no agent at {edge} (build src/Edge.Agent -c Release)");
            return 2;
        }

        // The pubsub service keeps the whole backlog (3,600 items per node) so the server's count checks every item, and
        // keeps items in memory: Prosody 0.12's file store loads and rewrites a node's whole item list on every publish
        // with an id (O(items in the node) per publish), which would time the file store, not the publishers.
        Environment.SetEnvironmentVariable("EDGE_PUBSUB_MAX_ITEMS", ServerMaxItems.ToString(CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("EDGE_PUBSUB_STORAGE", o.Text("server-storage", "memory") is "internal" ? null : o.Text("server-storage", "memory"));
        var work = Directory.CreateTempSubdirectory("edge-replay-").FullName;
        try
        {
            Console.WriteLine($"backlog: {data.Nodes} nodes x {data.Samples} samples = {data.Count} readings, 4 numeric fields each " +
                $"(payload {data.PayloadBytes} B); a fresh private Prosody per run (pubsub_max_items {ServerMaxItems}, " +
                $"items kept in {Environment.GetEnvironmentVariable("EDGE_PUBSUB_STORAGE") ?? "the internal file store"})");
            var template = await PrepareAsync(data, settings, work);
            var results = new List<(string Link, IReadOnlyList<ReplayResult> Rows)>();
            foreach (var link in settings.Links)
            {
                var delay = link switch
                {
                    "loopback" => TimeSpan.Zero,
                    "delayed" => settings.Delay,
                    _ => throw new ArgumentException($"--links: unknown link '{link}' (loopback, delayed)"),
                };
                var title = delay == TimeSpan.Zero
                    ? "loopback (direct)"
                    : $"loopback + proxy adding {delay.TotalMilliseconds:F0} ms each way ({2 * delay.TotalMilliseconds:F0} ms round trip)";
                var rows = new List<ReplayResult>
                {
                    await RunAgentAsync($"Edge agent (new, window {WindowOf()})", edge, template.NewOutbox, data, delay, null, settings, work),
                };
                if (oldEdge is not null)
                {
                    rows.Add(await RunAgentAsync("Edge agent (before, b68920b)", oldEdge, template.OldOutbox, data, delay,
                        delay > TimeSpan.Zero ? settings.OldLimit : null, settings, work));
                }

                foreach (var window in settings.PeerWindows)
                {
                    rows.Add(await RunPeerAsync($"slixmpp pipelined peer (window {window})", template.PeerItems, data, delay, window, settings, work));
                }

                Print(title, rows);
                results.Add((title, rows));
            }

            Console.WriteLine();
            Console.WriteLine("==== summary ====");
            foreach (var (title, rows) in results)
            {
                Print(title, rows);
            }

            Console.WriteLine($"(append fsyncs of the pre-fill through the DurableOutbox API, all {data.Samples} cycles handed over at once: {template.PrefillFsyncs})");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string WindowOf() => Environment.GetEnvironmentVariable("Agent__PubSub__Window")
        ?? new Edge.Agent.PublishOptions().Window.ToString(CultureInfo.InvariantCulture);

    private static async Task<Template> PrepareAsync(ReplayData data, Settings settings, string work)
    {
        var newOutbox = Path.Combine(work, "template-new");
        var fsyncs = await data.WriteOutboxAsync(newOutbox);
        var oldOutbox = Path.Combine(work, "template-old");
        if (settings.OldEdge is not null)
        {
            data.WriteLegacyOutbox(oldOutbox);
        }

        var peerItems = Path.Combine(work, "peer-items.jsonl");
        data.WritePeerItems(peerItems);
        return new Template(newOutbox, oldOutbox, peerItems, fsyncs);
    }

    private static void Print(string title, IReadOnlyList<ReplayResult> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"-- replay over {title} --");
        Console.WriteLine($"{"publisher",-34} {"items",7} {"drain s",9} {"items/s",8} {"backlog s",11} {"CPU µs/item",11} {"CPU total s",11} {"fsync/1k",9} {"server µs/item",14} {"on server",9} {"warn",4}");
        foreach (var r in rows)
        {
            if (r.Items == 0)
            {
                Console.WriteLine($"{r.Publisher,-34} {r.Note}");
                continue;
            }

            var cpu = r.ProcessCpu is { } c ? (c.TotalMicroseconds / r.Items).ToString("F0", CultureInfo.InvariantCulture) : "-";
            var cpuTotal = r.ProcessCpuTotal is { } ct ? ct.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "-";
            var fsync = r.Fsyncs is { } f ? (f * 1000.0 / r.Items).ToString("F2", CultureInfo.InvariantCulture) : "-";
            var whole = r.WholeBacklog.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + (r.Extrapolated ? "*" : string.Empty);
            Console.WriteLine($"{r.Publisher,-34} {r.Items,7} {r.Drain.TotalSeconds,9:F2} {r.ItemsPerSecond,8:F0} {whole,11} {cpu,11} {cpuTotal,11} {fsync,9} " +
                $"{r.ServerCpu.TotalMicroseconds / r.Items,14:F0} {r.OnServer,9} {r.Problems,4}{(r.Note.Length > 0 ? "  " + r.Note : string.Empty)}");
        }

        var now = rows.FirstOrDefault(r => r.Publisher.Contains("(new", StringComparison.Ordinal));
        var before = rows.FirstOrDefault(r => r.Publisher.Contains("(before", StringComparison.Ordinal));
        if (now is { Items: > 0 } && before is { Items: > 0 })
        {
            Console.WriteLine($"new vs before: {now.ItemsPerSecond / before.ItemsPerSecond:F1}x the items/s" +
                (before.Fsyncs is { } bf && now.Fsyncs is { } nf ? $"; drain fsyncs {nf} vs {bf}" : string.Empty));
        }

        foreach (var peer in rows.Where(r => r.Publisher.Contains("slixmpp", StringComparison.Ordinal) && r.Items > 0))
        {
            if (now is { Items: > 0 })
            {
                Console.WriteLine($"new vs {peer.Publisher}: {now.ItemsPerSecond / peer.ItemsPerSecond:F2}x its items/s (drain {now.Drain.TotalSeconds:F1} s vs {peer.Drain.TotalSeconds:F1} s)");
            }
        }

        Console.WriteLine("(backlog s = drain time of the whole backlog, * = extrapolated from the items timed; CPU µs/item = process CPU from login to drained / items; CPU total = from process start;");
        Console.WriteLine($" fsync/1k = fsync+fdatasync calls of the whole agent process ({AgentProcess.FsyncCounter}) per 1,000 items; server = Prosody CPU over the drain / items)");
    }

    private sealed record Settings(string Edge, string? OldEdge, int OldLimit, IReadOnlyList<int> PeerWindows, TimeSpan Timeout, string[] Links, TimeSpan Delay);

    private sealed record Template(string NewOutbox, string OldOutbox, string PeerItems, long PrefillFsyncs);

    /// <summary>The <c>--name value</c> options of a verb.</summary>
    private sealed class Arguments(string[] args)
    {
        public string Text(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        public int Int(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    }
}
