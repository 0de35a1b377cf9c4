using System.Globalization;
using Edge.Testing.Servers;

namespace Edge.Benchmarks.DemandResponse;

/// <summary>The figures: latency over every agent × round, over the warm rounds and its split, fleet completion, RSS and CPU.</summary>
public static partial class DrFleetLoad
{
    private static void Report(Settings o, IXmppTestServer server, List<FleetAgent> agents, List<RoundResult> rounds, Usage before, Usage after)
    {
        static List<double> Sorted(IEnumerable<double> values) => [.. values.Order()];

        var all = Sorted(rounds.SelectMany(r => r.Latencies));

        // Round 1 JIT-compiles the event path in every agent at once (the first event after a start); the rest are warm.
        var warm = Sorted(rounds.Skip(1).SelectMany(r => r.Latencies));
        var toApplied = Sorted(rounds.Skip(1).SelectMany(r => r.ToApplied));
        var toShed = Sorted(rounds.Skip(1).SelectMany(r => r.ToShed));
        var completions = Sorted(rounds.Where(r => r.AllShed).Select(r => r.Latencies[^1]));
        Console.WriteLine();
        Console.WriteLine($"dr-fleet on {server.Name}: {agents.Count} agents, {o.Rounds} rounds, one level-3 event per round (start now), {LoadsPerAgent} loads shed per agent");
        Console.WriteLine("latency = the agent's own log timestamp of its last load shed (event 2102, microseconds) minus the wall clock just before the publish");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publish → last load shed, {all.Count} agent×round samples: median {Percentile(all, 50):F1} ms, p90 {Percentile(all, 90):F1} ms, " +
            $"p99 {Percentile(all, 99):F1} ms, max {Pick(all, all.Count - 1):F1} ms"));
        if (warm.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  of them rounds 2–{o.Rounds} (warm), {warm.Count} samples: median {Percentile(warm, 50):F1} ms, p90 {Percentile(warm, 90):F1} ms, " +
                $"p99 {Percentile(warm, 99):F1} ms, max {Pick(warm, warm.Count - 1):F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  split (warm): publish → the agent applied the event (its log event 2110: received, parsed, handed to the engine) " +
                $"median {Percentile(toApplied, 50):F1} ms, p99 {Percentile(toApplied, 99):F1} ms; applied → last shed median {Percentile(toShed, 50):F1} ms, " +
                $"p99 {Percentile(toShed, 99):F1} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publish → last agent's last shed (fleet complete), {completions.Count} rounds: median {Percentile(completions, 50):F1} ms, " +
            $"max {Pick(completions, completions.Count - 1):F1} ms"));
        var memory = agents.Select(a => a.Memory()).Where(m => m is not null).Select(m => m!.Value).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agents' RSS: sum {memory.Sum(m => m.Rss):F0} MiB now ({memory.Sum(m => m.Rss) / Math.Max(1, memory.Count):F0} MiB each), " +
            $"sum of peaks {memory.Sum(m => m.Peak):F0} MiB; CPU over the rounds: agents {after.AgentCpu - before.AgentCpu:F1} s, " +
            $"server {after.ServerCpu - before.ServerCpu:F1} s"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average (1 min) {before.LoadAverage} before the rounds, {after.LoadAverage} after");
        var problems = agents.Where(a => a.Problems > 0).ToList();
        if (problems.Count > 0)
        {
            Console.WriteLine($"{problems.Count} agents logged warnings/errors ({problems.Sum(a => a.Problems)} lines); the last of agent {problems[0].Index}:");
            foreach (var line in problems[0].LastProblems())
            {
                Console.WriteLine("  " + (line.Length > 220 ? line[..220] + "…" : line));
            }
        }
    }

    /// <summary>Nearest-rank percentile of sorted <paramref name="sorted"/>; NaN when empty.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Pick(List<double> sorted, int index) => index >= 0 && index < sorted.Count ? sorted[index] : double.NaN;

    /// <summary>CPU seconds of the agents and the server so far, and the machine's 1-minute load average.</summary>
    private sealed record Usage(double AgentCpu, double ServerCpu, string LoadAverage);
}
