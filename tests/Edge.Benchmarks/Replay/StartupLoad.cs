using System.Diagnostics;
using System.Globalization;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;

namespace Edge.Benchmarks.Replay;

/// <summary>
/// <c>Edge.Benchmarks start --edge PATH [--edge PATH …] [--runs N] [--profile FILE]</c>: how long from starting
/// <c>edge run</c> (the moment before the process is started) to its first reading accepted by the server (the
/// XEP-0060 publish's IQ result, event 2021 "Published"), on the sim profile against a private Prosody on loopback.
/// Each binary gets its own server and data directory: run 1 is the first start (nodes created and configured on the
/// server), runs 2…N+1 are restarts on the same data directory (nodes there already: what a device that lost power
/// does). The binaries take turns, one run each, so a busy machine slows them alike. The phases are the agent's own
/// log timestamps (<see cref="TimestampFormat"/>, microseconds): "Starting" (2452, the runtime and the host are up and
/// the configuration read), "Sampling" (2010, the hardware opened, the first cycle begins), "Connected" (2031: TCP,
/// TLS, SASL, bind, stream management), first "Published", and the time from login to that first answer (the nodes'
/// set-up, if any, and the publish's round trip). Figures, never assertions.
/// </summary>
public static class StartupLoad
{
    /// <summary>The agents' console timestamp (<c>Logging:Console:FormatterOptions:TimestampFormat</c>).</summary>
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz ";

    private static readonly (string Name, string Marker)[] Phases =
    [
        ("starting", "[2452] Starting "),
        ("sampling", "[2010] Sampling "),
        ("connected", "[2031] Connected to XMPP as "),
        ("published", "[2021] Published "),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var edges = new List<string>();
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--edge")
            {
                edges.Add(Path.GetFullPath(args[i + 1]));
            }
        }

        string Text(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        if (edges.Count == 0)
        {
            edges.Add(Path.GetFullPath("src/Edge.Agent/bin/Release/net10.0/edge"));
        }

        var runs = int.Parse(Text("runs", "5"), CultureInfo.InvariantCulture);
        var profile = Path.GetFullPath(Text("profile", "hardware/profiles/sim.json"));
        var targets = new List<Target>();
        try
        {
            foreach (var edge in edges)
            {
                targets.Add(new Target(edge, await ProsodyServer.StartAsync(), Directory.CreateTempSubdirectory("edge-start-").FullName));
            }

            for (var run = 0; run <= runs; run++)
            {
                foreach (var target in targets)
                {
                    target.Runs.Add(await RunOnceAsync(target, profile));
                }
            }

            Console.WriteLine($"start → first reading accepted (sim profile, private Prosody on loopback; ms from the process start, the agent's own log timestamps)");
            Console.WriteLine($"{"binary",-44} {"run",-10} {"starting",9} {"sampling",9} {"connected",10} {"published",10} {"after login",12}");
            foreach (var target in targets)
            {
                var name = Shorten(target.Edge);
                Console.WriteLine($"{name,-44} {"first",-10} {Row(target.Runs[0])}");
                var restarts = target.Runs.Skip(1).ToList();
                Console.WriteLine($"{name,-44} {"restart",-10} {Row(Median(restarts))}  (median of {restarts.Count}; published {restarts.Min(r => r[3]):F0}–{restarts.Max(r => r[3]):F0}, after login {restarts.Min(r => r[4]):F0}–{restarts.Max(r => r[4]):F0})");
            }

            return 0;
        }
        finally
        {
            foreach (var target in targets)
            {
                await target.Server.DisposeAsync();
                Directory.Delete(target.Work, recursive: true);
            }
        }
    }

    /// <summary>One <c>edge run</c> until its first publish is answered; the phases in ms after the process start.</summary>
    private static async Task<double[]> RunOnceAsync(Target target, string profile)
    {
        var environment = new Dictionary<string, string>
        {
            ["Xmpp__Password"] = TestAccounts.AgentPassword,
            ["Xmpp__Host"] = target.Server.Host,
            ["Xmpp__Port"] = target.Server.Port.ToString(CultureInfo.InvariantCulture),
            ["Xmpp__Tls__CaFile"] = target.Server.CaFile,
            ["Agent__PubSub__Service"] = target.Server.PubSubService,
            ["Agent__DataDirectory"] = Path.Combine(target.Work, "data"),
            ["Agent__HardwareProfile"] = profile,
            ["Agent__SampleInterval"] = "00:00:01",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = TimestampFormat,
            ["Logging__Console__LogLevel__Edge.Agent.Publishing.PublisherService"] = "Debug",
        };
        var started = DateTimeOffset.Now;
        await using var agent = await AgentProcess.StartAsync(target.Edge, environment, target.Work, countFsyncs: false);
        var deadline = Stopwatch.StartNew();
        while (!File.ReadAllText(agent.LogFile).Contains(Phases[^1].Marker, StringComparison.Ordinal))
        {
            if (agent.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"{target.Edge}: no publish answered within 60 s:{Environment.NewLine}{agent.Tail()}");
            }

            await Task.Delay(20);
        }

        await agent.StopAsync();
        var lines = File.ReadAllLines(agent.LogFile);
        return Phases.Select(phase =>
        {
            var line = lines.FirstOrDefault(l => l.Contains(phase.Marker, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{target.Edge}: no '{phase.Marker.Trim()}' line in its log");
            var stamp = DateTimeOffset.ParseExact(line[..line.IndexOf(' ', StringComparison.Ordinal)], TimestampFormat.TrimEnd(), CultureInfo.InvariantCulture);
            return (stamp - started).TotalMilliseconds;
        }).ToArray() is var at ? [.. at, at[3] - at[2]] : throw new UnreachableException();
    }

    private static string Row(double[] phases) => $"{phases[0],9:F0} {phases[1],9:F0} {phases[2],10:F0} {phases[3],10:F0} {phases[4],12:F0}";

    /// <summary>Each phase's median over the runs (so a row's phases need not come from one run).</summary>
    private static double[] Median(List<double[]> runs) =>
        Enumerable.Range(0, Phases.Length + 1).Select(i =>
        {
            var sorted = runs.Select(r => r[i]).Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }).ToArray();

    private static string Shorten(string path) => path.Length <= 44 ? path : "…" + path[^43..];

    private sealed record Target(string Edge, ProsodyServer Server, string Work)
    {
        public List<double[]> Runs { get; } = [];
    }
}
