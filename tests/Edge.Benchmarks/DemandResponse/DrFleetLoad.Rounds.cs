using System.Diagnostics;
using System.Globalization;
using Edge.Agent.Cli;
using Edge.Agent.DemandResponse.OpenAdr;
using Edge.Benchmarks.Replay;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Benchmarks.DemandResponse;

/// <summary>The fleet's start (staggered, bounded) and the timed rounds: event, sheds, cancel, restores.</summary>
public static partial class DrFleetLoad
{
    private static readonly TimeSpan AgentStartTimeout = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Starts the agents, at most <see cref="Settings.ParallelStarts"/> not yet subscribed at a time (a JIT start costs
    /// seconds of CPU; fifty at once on two cores would time out), and returns once every one logged its subscription.
    /// </summary>
    private static async Task StartFleetAsync(Settings o, IXmppTestServer server, string node, string profile, string work,
        List<FleetAgent> agents, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var startedAt = new Dictionary<FleetAgent, TimeSpan>();
        int next = 1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var agent in agents.Where(a => a.SubscribedAt is null))
            {
                if (agent.HasExited)
                {
                    throw new InvalidOperationException($"agent {agent.Index} exited before it subscribed:{Environment.NewLine}{agent.Tail()}");
                }

                if (deadline.Elapsed - startedAt[agent] > AgentStartTimeout)
                {
                    throw new TimeoutException($"agent {agent.Index} did not subscribe within {AgentStartTimeout.TotalSeconds} s:{Environment.NewLine}{agent.Tail()}");
                }
            }

            int starting = agents.Count(a => a.SubscribedAt is null);
            if (next > o.Agents && starting == 0)
            {
                return;
            }

            if (deadline.Elapsed > o.StartTimeout)
            {
                throw new TimeoutException($"{agents.Count(a => a.SubscribedAt is not null)} of {o.Agents} agents subscribed within {o.StartTimeout.TotalSeconds} s");
            }

            while (next <= o.Agents && starting < o.ParallelStarts)
            {
                var directory = Path.Combine(work, AccountName(next));
                Directory.CreateDirectory(directory);
                var environment = AgentEnvironment(server, node, profile, AccountName(next), directory);
                foreach (var setting in o.AgentSettings)
                {
                    int equals = setting.IndexOf('=', StringComparison.Ordinal);
                    environment[setting[..equals]] = setting[(equals + 1)..];
                }

                var agent = FleetAgent.Start(next, o.Edge, environment, directory);
                agents.Add(agent);
                startedAt[agent] = deadline.Elapsed;
                next++;
                starting++;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static Dictionary<string, string> AgentEnvironment(IXmppTestServer server, string node, string profile, string account, string directory) => new()
    {
        ["Xmpp__Jid"] = account + "@" + server.Domain,
        ["Xmpp__Password"] = Password,
        ["Xmpp__Resource"] = "edge-" + account,
        ["Xmpp__Host"] = server.Host,
        ["Xmpp__Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
        ["Xmpp__Tls__CaFile"] = server.CaFile,
        ["Agent__HardwareProfile"] = profile,
        ["Agent__DataDirectory"] = Path.Combine(directory, "data"),
        ["Agent__SampleInterval"] = "01:00:00",
        ["Agent__PubSub__Service"] = server.PubSubService,
        ["Agent__DemandResponse__RestoreWindow"] = "00:00:00",
        ["Agent__DemandResponse__Program__Node"] = node,
        ["Agent__DemandResponse__Program__Service"] = server.PubSubService,
        ["Agent__DemandResponse__Program__GroupIds__0"] = Group,
        ["Logging__Console__FormatterOptions__TimestampFormat"] = FleetAgent.TimestampFormat,
    };

    private static async Task RunRoundsAsync(Settings o, IXmppTestServer server, XmppClient admin, string node, List<FleetAgent> agents,
        CancellationToken cancellationToken)
    {
        var pubsub = new PubSubClient(admin);
        var service = Jid.Parse(server.PubSubService);
        var samples = new List<double>(); // ms, agent × round
        var completions = new List<double>();
        var agentCpu0 = agents.Sum(a => a.Cpu()?.TotalSeconds ?? 0);
        var serverCpu0 = ServerCpu(server);
        var toApplied = new List<double>(); // publish → the agent applied the event (2110), warm rounds
        var toShed = new List<double>(); // applied → last shed, warm rounds
        var warm = new List<double>(); // rounds 2.. (round 1 JIT-compiles the event path in every agent)
        var load0 = LoadAverage();
        Console.WriteLine($"{"round",5} {"quiet",8} {"acked",8} {"first",8} {"median",8} {"last",8} {"shed",7} {"restored",9}   " +
            "(ms after the publish; quiet: s waited for the fleet to go quiet; restored: ms after the cancel's publish)");
        for (int round = 1; round <= o.Rounds; round++)
        {
            var (quietAfter, quiet) = await WaitQuietAsync(o, server, agents, cancellationToken);
            var id = $"fleet-{round}-{Guid.NewGuid().ToString("N")[..6]}";
            var shedsBefore = agents.Select(a => a.ShedCount).ToArray();
            var restoresBefore = agents.Select(a => a.RestoreCount).ToArray();
            var appliedBefore = agents.Select(a => a.AppliedCount).ToArray();

            // The payload is built first; the clock is read just before the publish goes out.
            var payload = OpenAdrWriter.Write(DrCommand.Event(new Edge.Agent.Cli.CommandLine(
                ["--node", node, "--level", "3", "--duration", "5m", "--id", id, "--group", Group], DrCommand.Flags), DateTimeOffset.UtcNow));
            var published = DateTimeOffset.Now;
            if (o.Keep)
            {
                Console.WriteLine($"      round {round}: publishing {id} at {published.ToString(FleetAgent.TimestampFormat, CultureInfo.InvariantCulture)}");
            }

            var watch = Stopwatch.StartNew();
            var answer = await pubsub.PublishAsync(service, node, id, payload, null, cancellationToken);
            var acked = watch.Elapsed;
            if (answer.IsError)
            {
                throw new InvalidOperationException($"{server.Name} refused the event: {answer.Error}");
            }

            bool allShed = await WaitAsync(() => agents.Select((a, i) => a.ShedCount - shedsBefore[i] >= LoadsPerAgent).All(b => b), o.RoundTimeout, cancellationToken);
            var latencies = new List<double>();
            for (int i = 0; i < agents.Count; i++)
            {
                var sheds = agents[i].ShedsSince(shedsBefore[i]);
                if (sheds.Length >= LoadsPerAgent)
                {
                    latencies.Add((sheds.Max() - published).TotalMilliseconds);
                    if (round > 1 && agents[i].AppliedAfter(appliedBefore[i]) is { } applied)
                    {
                        toApplied.Add((applied - published).TotalMilliseconds);
                        toShed.Add((sheds.Max() - applied).TotalMilliseconds);
                    }
                }
            }

            latencies.Sort();
            samples.AddRange(latencies);
            if (round > 1)
            {
                warm.AddRange(latencies);
            }
            if (allShed)
            {
                completions.Add(latencies[^1]);
            }

            // The end of the round: the event cancelled, every load back on (restore window 0).
            var cancel = OpenAdrWriter.Write(DrCommand.Event(new Edge.Agent.Cli.CommandLine(
                ["--node", node, "--duration", "5m", "--id", id, "--modification", "1", "--cancel", "--group", Group], DrCommand.Flags), DateTimeOffset.UtcNow));
            watch.Restart();
            var cancelled = await pubsub.PublishAsync(service, node, id, cancel, null, cancellationToken);
            if (cancelled.IsError)
            {
                throw new InvalidOperationException($"{server.Name} refused the cancel: {cancelled.Error}");
            }

            bool allRestored = await WaitAsync(() => agents.Select((a, i) => a.RestoreCount - restoresBefore[i] >= LoadsPerAgent).All(b => b), o.RoundTimeout, cancellationToken);
            var restoredAfter = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{round,5} {(quiet ? quietAfter.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "busy"),8} {acked.TotalMilliseconds,8:F1} {Pick(latencies, 0),8:F1} {Percentile(latencies, 50),8:F1} {Pick(latencies, latencies.Count - 1),8:F1} " +
                $"{latencies.Count,3}/{agents.Count,-3} {(allRestored ? restoredAfter.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) : "timeout"),9}"));
            if (!allShed || !allRestored)
            {
                var missing = agents.Where((a, i) => a.ShedCount - shedsBefore[i] < LoadsPerAgent || a.RestoreCount - restoresBefore[i] < LoadsPerAgent)
                    .Select(a => a.Index);
                Console.WriteLine($"      not all agents shed and restored within {o.RoundTimeout.TotalSeconds} s: agents {string.Join(",", missing)}");
            }

        }

        var agentCpu = agents.Sum(a => a.Cpu()?.TotalSeconds ?? 0) - agentCpu0;
        var serverCpu = ServerCpu(server) - serverCpu0;
        samples.Sort();
        warm.Sort();
        toApplied.Sort();
        toShed.Sort();
        completions.Sort();
        Console.WriteLine();
        Console.WriteLine($"dr-fleet on {server.Name}: {agents.Count} agents, {o.Rounds} rounds, one level-3 event per round (start now), {LoadsPerAgent} loads shed per agent");
        Console.WriteLine("latency = the agent's own log timestamp of its last load shed (event 2102, microseconds) minus the wall clock just before the publish");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publish → last load shed, {samples.Count} agent×round samples: median {Percentile(samples, 50):F1} ms, p90 {Percentile(samples, 90):F1} ms, " +
            $"p99 {Percentile(samples, 99):F1} ms, max {Pick(samples, samples.Count - 1):F1} ms"));
        if (warm.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  of them rounds 2–{o.Rounds} (warm), {warm.Count} samples: median {Percentile(warm, 50):F1} ms, p90 {Percentile(warm, 90):F1} ms, " +
                $"p99 {Percentile(warm, 99):F1} ms, max {Pick(warm, warm.Count - 1):F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  split (warm): publish → the agent applied the event (its log event 2110: received, parsed, handed to the engine) median {Percentile(toApplied, 50):F1} ms, " +
                $"p99 {Percentile(toApplied, 99):F1} ms; applied → last shed median {Percentile(toShed, 50):F1} ms, p99 {Percentile(toShed, 99):F1} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publish → last agent's last shed (fleet complete), {completions.Count} rounds: median {Percentile(completions, 50):F1} ms, max {Pick(completions, completions.Count - 1):F1} ms"));
        var memory = agents.Select(a => a.Memory()).Where(m => m is not null).Select(m => m!.Value).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agents' RSS: sum {memory.Sum(m => m.Rss):F0} MiB now ({memory.Sum(m => m.Rss) / Math.Max(1, memory.Count):F0} MiB each), sum of peaks {memory.Sum(m => m.Peak):F0} MiB; " +
            $"CPU over the rounds: agents {agentCpu:F1} s, server {serverCpu:F1} s"));
        Console.WriteLine($"machine: {System.Environment.ProcessorCount} cores; load average (1 min) {load0} before the rounds, {LoadAverage()} after");
        var problems = agents.Where(a => a.Problems > 0).ToList();
        if (problems.Count > 0)
        {
            Console.WriteLine($"{problems.Count} agents logged warnings/errors ({problems.Sum(a => a.Problems)} lines); the last of agent {problems[0].Index}:");
            foreach (var line in problems[0].LastProblems(3))
            {
                Console.WriteLine("  " + (line.Length > 220 ? line[..220] + "…" : line));
            }
        }
    }

    /// <summary>
    /// Waits until the agents and the server together used less than <see cref="Settings.QuietCpuPercent"/> % of a core
    /// over one second, at most <see cref="Settings.QuietTimeout"/>. Returns how long it waited and whether it got quiet.
    /// </summary>
    private static async Task<(TimeSpan Waited, bool Quiet)> WaitQuietAsync(Settings o, IXmppTestServer server, List<FleetAgent> agents,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        double Total() => agents.Sum(a => a.Cpu()?.TotalSeconds ?? 0) + ServerCpu(server);
        while (true)
        {
            double before = Total();
            var window = Stopwatch.StartNew();
            await Task.Delay(1000, cancellationToken);
            double used = (Total() - before) / window.Elapsed.TotalSeconds * 100;
            if (used < o.QuietCpuPercent)
            {
                return (watch.Elapsed, true);
            }

            if (watch.Elapsed > o.QuietTimeout)
            {
                return (watch.Elapsed, false);
            }
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    /// <summary>Nearest-rank percentile of sorted <paramref name="sorted"/>; NaN when empty.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Pick(List<double> sorted, int index) => index >= 0 && index < sorted.Count ? sorted[index] : double.NaN;

    /// <summary>The server process's CPU seconds (from its pid file in the instance folder), 0 when not found.</summary>
    private static double ServerCpu(IXmppTestServer server)
    {
        var pidFile = Path.Combine(server.Directory, server.Kind == XmppServerKind.Prosody ? "prosody.pid" : "ejabberd.pid");
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                ? ProcStat.Cpu(pid)?.TotalSeconds ?? 0 : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
