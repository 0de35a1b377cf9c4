using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;

namespace Edge.Benchmarks.Replay;

/// <summary>One run: a fresh server, the link, one publisher, the server's view.</summary>
public static partial class ReplayLoad
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>An agent binary drains a copy of <paramref name="outboxTemplate"/>; <paramref name="limit"/> times only that many items.</summary>
    private static async Task<ReplayResult> RunAgentAsync(string name, string edge, string outboxTemplate, ReplayData data, TimeSpan delay,
        int? limit, Settings settings, string work)
    {
        Console.Error.WriteLine($"replay: {name} over {(delay == TimeSpan.Zero ? "loopback" : "the delayed link")} ...");
        var run = Directory.CreateDirectory(Path.Combine(work, "run-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            await using var server = await ProsodyServer.StartAsync();
            await using var proxy = delay > TimeSpan.Zero ? TcpProxy.Start(server.Host, server.Port, delay) : null;
            await using var probe = await ServerProbe.ConnectAsync(server, CancellationToken.None);
            CopyDirectory(outboxTemplate, Path.Combine(run, "data", "outbox"));
            var profile = Path.Combine(run, "no-sensors.json");
            await File.WriteAllTextAsync(profile, """{ "name": "replay", "description": "no sensors: the replay benchmark drains a backlog only", "simulated": true }""");
            var environment = new Dictionary<string, string>
            {
                ["Xmpp__Password"] = TestAccounts.AgentPassword,
                ["Xmpp__Resource"] = "edge-replay",
                ["Xmpp__Host"] = proxy?.Host ?? server.Host,
                ["Xmpp__Port"] = (proxy?.Port ?? server.Port).ToString(CultureInfo.InvariantCulture),
                ["Xmpp__Tls__CaFile"] = server.CaFile,
                ["Agent__PubSub__Service"] = server.PubSubService,
                ["Agent__PubSub__MaxItems"] = ServerMaxItems.ToString(CultureInfo.InvariantCulture),
                ["Agent__DataDirectory"] = Path.Combine(run, "data"),
                ["Agent__HardwareProfile"] = profile,
                ["Agent__SampleInterval"] = "1.00:00:00", // no sensors anyway: nothing is sampled during the drain
            };

            // Every node's last item, or (a timed prefix) the limit-th item in outbox order: each publisher keeps per-node order.
            var items = limit is { } l && l < data.Count ? l : data.Count;
            var sentinels = items == data.Count
                ? Enumerable.Range(0, data.Nodes).Select(n => (data.PubSubNode(n), data.ItemId(data.Samples - 1))).ToList()
                : [(data.PubSubNode((items - 1) % data.Nodes), data.ItemId((items - 1) / data.Nodes))];
            var prosody = ProsodyPid(server);
            await using var agent = await AgentProcess.StartAsync(edge, environment, run, countFsyncs: true);
            await agent.WaitForConnectedAsync(TimeSpan.FromSeconds(60));
            var connected = agent.ConnectedAt!.Value;
            var cpuAtLogin = agent.Cpu;
            var serverAtLogin = ProcStat.Cpu(prosody) ?? TimeSpan.Zero;
            var done = await probe.WaitForItemsAsync(sentinels, PollInterval, settings.Timeout, () => agent.HasExited, CancellationToken.None);
            var end = Stopwatch.GetTimestamp();
            var cpuEnd = agent.Cpu;
            var serverEnd = ProcStat.Cpu(prosody) ?? TimeSpan.Zero;
            var onServer = await CountOnServerAsync(probe, data);
            await agent.StopAsync();
            var note = limit is not null && items < data.Count ? $"first {items} items timed, then stopped" : string.Empty;
            if (done is null)
            {
                // Not drained within the bound: report what the server got, extrapolated.
                items = onServer;
                note = agent.HasExited ? $"agent exited early; log {agent.LogFile}" : $"stopped at the {settings.Timeout.TotalSeconds:F0} s bound";
                if (items == 0)
                {
                    return ReplayResult.Failed(name, data.Count, note + Environment.NewLine + agent.Tail());
                }
            }

            var drain = Stopwatch.GetElapsedTime(connected, done ?? end);
            if (agent.Problems > 0)
            {
                Console.Error.WriteLine($"replay: {name} logged {agent.Problems} warnings/errors; tail:{Environment.NewLine}{agent.Tail()}");
            }

            return new ReplayResult(name, items, data.Count, drain, cpuEnd - cpuAtLogin, cpuEnd, agent.Fsyncs, serverEnd - serverAtLogin, onServer,
                agent.Problems, note);
        }
        finally
        {
            TryDelete(run);
        }
    }

    /// <summary>replay_peer.py publishes the same items (same payloads, same nodes, the agent's publish-options) over the same link.</summary>
    private static async Task<ReplayResult> RunPeerAsync(string name, string itemsFile, ReplayData data, TimeSpan delay, int window,
        Settings settings, string work)
    {
        Console.Error.WriteLine($"replay: {name} over {(delay == TimeSpan.Zero ? "loopback" : "the delayed link")} ...");
        await using var server = await ProsodyServer.StartAsync();
        await using var proxy = delay > TimeSpan.Zero ? TcpProxy.Start(server.Host, server.Port, delay) : null;
        await using var probe = await ServerProbe.ConnectAsync(server, CancellationToken.None);
        var script = Path.Combine(AppContext.BaseDirectory, "Replay", "replay_peer.py");
        var start = new ProcessStartInfo("/usr/bin/python3",
        [
            script, "--items", itemsFile, "--jid", TestAccounts.AgentJid, "--password", TestAccounts.AgentPassword,
            "--host", proxy?.Host ?? server.Host, "--port", (proxy?.Port ?? server.Port).ToString(CultureInfo.InvariantCulture),
            "--ca", server.CaFile, "--service", server.PubSubService, "--window", window.ToString(CultureInfo.InvariantCulture),
            "--max-items", ServerMaxItems.ToString(CultureInfo.InvariantCulture),
            "--timeout", settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = work,
        };
        var prosody = ProsodyPid(server);
        var server0 = ProcStat.Cpu(prosody) ?? TimeSpan.Zero;
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = python.StandardOutput.ReadToEndAsync();
        var stderr = python.StandardError.ReadToEndAsync();
        using (var bound = new CancellationTokenSource(settings.Timeout + TimeSpan.FromSeconds(60)))
        {
            try
            {
                await python.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                python.Kill(entireProcessTree: true);
                return ReplayResult.Failed(name, data.Count, "replay_peer.py did not finish in time");
            }
        }

        var serverCpu = (ProcStat.Cpu(prosody) ?? TimeSpan.Zero) - server0;
        var last = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "{}";
        using var json = JsonDocument.Parse(last);
        var root = json.RootElement;
        if (python.ExitCode != 0 || !root.TryGetProperty("published", out var published))
        {
            return ReplayResult.Failed(name, data.Count, $"replay_peer.py exit {python.ExitCode}: {last} {await stderr}");
        }

        var errors = root.GetProperty("errors").GetInt32();
        var onServer = await CountOnServerAsync(probe, data);
        var note = errors > 0 ? $"{errors} refused, first: {root.GetProperty("first_error").GetString()}" : string.Empty;
        return new ReplayResult(name, published.GetInt32(), data.Count, TimeSpan.FromSeconds(root.GetProperty("seconds_total").GetDouble()),
            TimeSpan.FromSeconds(root.GetProperty("cpu").GetDouble()), null, null, serverCpu, onServer, errors, note);
    }

    private static async Task<int> CountOnServerAsync(ServerProbe probe, ReplayData data)
    {
        var total = 0;
        for (var n = 0; n < data.Nodes; n++)
        {
            total += await probe.CountItemsAsync(data.PubSubNode(n), CancellationToken.None);
        }

        return total;
    }

    private static int ProsodyPid(ProsodyServer server) =>
        int.Parse(File.ReadAllText(Path.Combine(server.Directory, "prosody.pid")).Trim(), CultureInfo.InvariantCulture);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
