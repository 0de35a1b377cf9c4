using System.Globalization;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;

namespace Edge.Benchmarks.Replay;

/// <summary>
/// <c>Edge.Benchmarks steady --edge PATH --profile FILE [--seconds S] [--warmup S] [--smaps FILE] [--floor PATH]</c>: the agent in steady state — the
/// sim profile sampled every second and published to a private Prosody (its default configuration) — and its CPU per
/// published reading. The count is the server's: the items on every node of the service (disco#items), asked after
/// the warm-up and again <c>--seconds</c> later; CPU is the agent process's utime + stime over the same stretch
/// (<c>/proc</c>), fsyncs are perf's (or strace's) count over the whole run. Side by side, on the same server once
/// the agent has stopped: Debian's slixmpp (<c>replay_peer.py --paced</c>) publishes the very items the agent published
/// (fetched back from the nodes: same nodes, payloads and item ids), one sampling time's items at the start of each
/// second, and its CPU per published item over the same number of seconds after the same warm-up (no sensors, no
/// outbox: the wire side alone; the agent's node configuration). <c>--floor PATH</c> adds a third: the floor peer
/// (tests/Edge.FloorPeer published NativeAOT), the least a .NET XMPP publisher can be, publishing the same items the same
/// way, with its CPU per item and its peak RSS: what no .NET agent on OpenSSL can go below. <c>--no-peer</c> leaves the
/// peers out. Not a test: figures, not assertions.
/// <para>
/// The memory budget (issue 12): <c>--readout-every S</c> adds a backend that reads out every node of the agent
/// (XEP-0323, all fields) every S seconds for the whole run, and <c>--budget-mib M</c> prints the agent's peak RSS
/// (VmHWM, over the whole run: start-up, login, catch-up and steady state) against M MiB. Run it on the NativeAOT
/// binary (<c>.ci/bench --only-memory</c>). <c>--smaps FILE</c> keeps a copy of the agent's /proc/PID/smaps taken at the
/// end of the run, for <c>Edge.Benchmarks smaps FILE</c> (and the floor peer's in <c>FILE.floor</c>).
/// </para>
/// </summary>
public static class SteadyLoad
{
    private const int MaxItems = 1000; // the private Prosody's pubsub_max_items (.ci/prosody.sh)

    public static async Task<int> RunAsync(string[] args)
    {
        string Text(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var edge = Path.GetFullPath(Text("edge", "src/Edge.Agent/bin/Release/net10.0/edge"));
        var profile = Path.GetFullPath(Text("profile", "hardware/profiles/sim.json"));
        var seconds = int.Parse(Text("seconds", "60"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(Text("warmup", "10"), CultureInfo.InvariantCulture);
        var readoutEvery = int.Parse(Text("readout-every", "0"), CultureInfo.InvariantCulture);
        var budget = double.Parse(Text("budget-mib", "0"), CultureInfo.InvariantCulture);
        var peer = !args.Contains("--no-peer");
        var smaps = Text("smaps", "");
        var floor = Text("floor", "");
        var work = Directory.CreateTempSubdirectory("edge-steady-").FullName;
        try
        {
            await using var server = await ProsodyServer.StartAsync();
            await using var probe = await ServerProbe.ConnectAsync(server, CancellationToken.None);
            var environment = new Dictionary<string, string>
            {
                ["Xmpp__Password"] = TestAccounts.AgentPassword,
                ["Xmpp__Host"] = server.Host,
                ["Xmpp__Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
                ["Xmpp__Tls__CaFile"] = server.CaFile,
                ["Agent__PubSub__Service"] = server.PubSubService,
                ["Agent__DataDirectory"] = Path.Combine(work, "data"),
                ["Agent__HardwareProfile"] = profile,
                ["Agent__SampleInterval"] = "00:00:01",

                // The count is the items on the nodes: the default max_items (100) would cap it after 100 s; 1,000 after 1,000 s.
                ["Agent__PubSub__MaxItems"] = MaxItems.ToString(CultureInfo.InvariantCulture),
            };
            await using var agent = await AgentProcess.StartAsync(edge, environment, work, countFsyncs: true);
            await agent.WaitForConnectedAsync(TimeSpan.FromSeconds(60));
            await using var readouts = readoutEvery > 0 ? await ReadoutLoop.StartAsync(server, TimeSpan.FromSeconds(readoutEvery)) : null;
            await Task.Delay(TimeSpan.FromSeconds(warmup));
            var (nodes0, items0) = await CountAsync(probe);
            var cpu0 = agent.Cpu;
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var cpu1 = agent.Cpu;
            var (nodes1, items1) = await CountAsync(probe);
            var rss = agent.PeakRssMiB;
            var current = agent.RssMiB;
            if (smaps.Length > 0)
            {
                File.WriteAllText(smaps, File.ReadAllText($"/proc/{agent.Pid}/smaps")); // the mappings at the end: Edge.Benchmarks smaps FILE
            }

            var readoutSummary = readouts is null ? null : await readouts.StopAsync();
            await agent.StopAsync();
            var published = items1 - items0;
            Console.WriteLine($"agent on {Path.GetFileName(profile)}, sampling every second, {seconds} s after a {warmup} s warm-up: " +
                $"{published} readings published to {nodes1} nodes ({published / (double)seconds:F1}/s; {nodes0} nodes, {items0} items after the warm-up)");
            if (published > 0)
            {
                Console.WriteLine($"agent CPU: {(cpu1 - cpu0).TotalSeconds:F2} s = {(cpu1 - cpu0).TotalMicroseconds / published:F0} µs per published reading " +
                    $"({(cpu1 - cpu0).TotalSeconds / seconds * 100:F1}% of a core); whole run {cpu1.TotalSeconds:F2} s; peak RSS {rss:F0} MiB");
                Console.WriteLine($"fsyncs over the whole run ({warmup + seconds} s + start-up): {agent.Fsyncs} (≈ {agent.Fsyncs * 1000.0 / items1:F0} per 1,000 readings published)");
            }

            if (readoutSummary is not null)
            {
                Console.WriteLine($"readouts (every {readoutEvery} s, all nodes, all fields): {readoutSummary}");
            }

            if (budget > 0)
            {
                Console.WriteLine($"peak RSS (VmHWM) {rss:F1} MiB vs the budget of {budget:F0} MiB: {(rss <= budget ? "within" : "OVER")} " +
                    $"(RSS at the end {current:F1} MiB; {Path.GetFileName(edge)}, {warmup + seconds} s)");
            }

            if (peer && published > 0)
            {
                foreach (var line in await RunPeersAsync(server, probe, work, warmup, seconds, (cpu1 - cpu0).TotalMicroseconds / published, rss ?? 0, floor, smaps))
                {
                    Console.WriteLine(line);
                }
            }

            if (agent.Problems > 0)
            {
                Console.WriteLine($"(the agent logged {agent.Problems} warnings/errors, e.g. the sim profile's firmware bridge without its virtual MCU; last ones:)");
                foreach (var line in agent.Tail().Split('\n').Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)).TakeLast(3))
                {
                    Console.WriteLine("  " + (line.Length > 200 ? line[..200] + "…" : line));
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// slixmpp publishing the agent's last <c>warmup + seconds</c> sampling times again, paced as the agent did; then,
    /// with <c>--floor PATH</c>, the floor peer (tests/Edge.FloorPeer, NativeAOT) publishing the same items the same way.
    /// </summary>
    private static async Task<List<string>> RunPeersAsync(ProsodyServer server, ServerProbe probe, string work, int warmup, int seconds, double edgeMicros,
        double edgeRss, string floor, string smaps)
    {
        var items = new List<(string Node, string Id, string Payload)>();
        foreach (var node in await probe.NodesAsync(CancellationToken.None))
        {
            foreach (var item in await probe.ItemsAsync(node, CancellationToken.None))
            {
                if (item is { Id: { } id, Payload: { } payload })
                {
                    items.Add((node, id, payload.ToString(System.Xml.Linq.SaveOptions.DisableFormatting)));
                }
            }
        }

        // Ticks in time order (the item id is the sampling time, sortable), the most recent warmup + seconds of them.
        var ticks = items.GroupBy(i => i.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).TakeLast(warmup + seconds).ToList();
        if (ticks.Count <= warmup)
        {
            return [$"slixmpp side by side: too few sampling times on the nodes ({ticks.Count})"];
        }

        var file = Path.Combine(work, "steady-items.jsonl");
        await using (var writer = new StreamWriter(file))
        {
            foreach (var item in ticks.SelectMany(g => g))
            {
                await writer.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["node"] = item.Node,
                    ["id"] = item.Id,
                    ["payload"] = item.Payload,
                }));
            }
        }

        string[] common =
        [
            "--items", file, "--jid", TestAccounts.AgentJid, "--password", TestAccounts.AgentPassword,
            "--host", server.Host, "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--ca", server.CaFile,
            "--service", server.PubSubService, "--max-items", MaxItems.ToString(CultureInfo.InvariantCulture), "--warmup-ticks", warmup.ToString(CultureInfo.InvariantCulture),
        ];
        var script = Path.Combine(AppContext.BaseDirectory, "Replay", "replay_peer.py");
        var lines = new List<string>();
        var (slixmpp, error) = await RunPeerAsync("/usr/bin/python3", [script, .. common, "--paced", "--timeout", (ticks.Count + 120).ToString(CultureInfo.InvariantCulture)], work);
        if (slixmpp is null)
        {
            return [$"slixmpp side by side failed: {error}"];
        }

        lines.Add($"slixmpp (replay_peer.py --paced, the same {ticks.Count - warmup} sampling times' items, {slixmpp.Value.Published} published, " +
            $"{slixmpp.Value.Errors} refused): CPU {slixmpp.Value.Cpu:F2} s = {slixmpp.Value.Micros:F0} µs per published reading; " +
            $"Edge/slixmpp = {edgeMicros / slixmpp.Value.Micros:F2} (goal ≤ 0.10)");
        if (floor.Length > 0)
        {
            var (bare, floorError) = await RunPeerAsync(floor, smaps.Length > 0 ? [.. common, "--smaps", smaps + ".floor"] : common, work);
            lines.Add(bare is not { } f
                ? $"floor peer failed: {floorError}"
                : $"floor (tests/Edge.FloorPeer, NativeAOT {new FileInfo(floor).Length:N0} B: TLS, PLAIN, bind, raw strings; the same items, {f.Published} published, " +
                  $"{f.Errors} refused): CPU {f.Cpu:F2} s = {f.Micros:F0} µs per published reading = {f.Micros / slixmpp.Value.Micros:F2} of slixmpp's " +
                  $"(Edge/floor = {edgeMicros / f.Micros:F2}); peak RSS {f.PeakRssKib / 1024.0:F1} MiB (Edge {edgeRss:F1} MiB, budget 16)");
        }

        return lines;
    }

    /// <summary>One peer run to its end; its last line is its JSON result.</summary>
    private static async Task<(PeerResult? Result, string Error)> RunPeerAsync(string program, string[] arguments, string work)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = work,
        };
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30)))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (null, $"{Path.GetFileName(program)} did not finish within 30 min");
            }
        }

        var last = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "{}";
        using var json = System.Text.Json.JsonDocument.Parse(last);
        if (process.ExitCode != 0 || !json.RootElement.TryGetProperty("published", out var count) || count.GetInt32() == 0)
        {
            return (null, $"(exit {process.ExitCode}): {last} {await stderr}");
        }

        var published = count.GetInt32();
        var cpu = json.RootElement.GetProperty("cpu").GetDouble();
        var rss = json.RootElement.TryGetProperty("peak_rss_kib", out var peak) ? peak.GetInt64() : 0;
        return (new PeerResult(published, json.RootElement.GetProperty("errors").GetInt32(), cpu, cpu * 1e6 / published, rss), "");
    }

    private readonly record struct PeerResult(int Published, int Errors, double Cpu, double Micros, long PeakRssKib);

    private static async Task<(int Nodes, int Items)> CountAsync(ServerProbe probe)
    {
        var nodes = await probe.NodesAsync(CancellationToken.None);
        var items = 0;
        foreach (var node in nodes)
        {
            items += await probe.CountItemsAsync(node, CancellationToken.None);
        }

        return (nodes.Count, items);
    }
}
