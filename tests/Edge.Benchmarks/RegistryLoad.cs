using System.Diagnostics;
using System.Globalization;
using Edge.Iot.Discovery;
using Edge.Iot.Discovery.Registry;
using Edge.Registry;
using Edge.Xmpp;

namespace Edge.Benchmarks;

/// <summary>
/// <c>Edge.Benchmarks registry [--things N] [--runs N] [--dir DIR]</c>: the thing registry's rules on its SQLite store
/// (no XMPP): registrations per second into an empty database up to N things (each one transaction, WAL, synchronous
/// FULL), claims per second of half of them (public), then the latency of a claim and of searches with N things
/// registered. On the disk under <c>--dir</c> (default: the temp folder). Figures, never assertions.
/// </summary>
public static class RegistryLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var things = Option(args, "things", 10_000);
        var runs = Option(args, "runs", 200);
        var root = Directory.CreateDirectory(Path.Combine(OptionText(args, "dir", Path.GetTempPath()), "edge-registry-bench-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var ct = CancellationToken.None;
        try
        {
            using var store = SqliteThingStore.Open(Path.Combine(root, "registry.db"));
            using var registry = new ThingRegistry(store);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < things; i++)
            {
                await registry.RegisterAsync(Device(i), new RegisterRequest(Tags(i), ThingNode.None), ct);
            }

            Report($"register {things:N0} things (one at a time)", things, clock.Elapsed);

            clock.Restart();
            for (var i = 0; i < things; i += 2)
            {
                await registry.ClaimAsync(Owner, new MineRequest(Tags(i), ThingNode.None), ct);
            }

            Report($"claim {things / 2:N0} of them (public)", things / 2, clock.Elapsed);

            var next = things;
            await LatencyAsync($"register + claim one more, {things:N0} registered", runs, async () =>
            {
                var n = next++;
                await registry.RegisterAsync(Device(n), new RegisterRequest(Tags(n), ThingNode.None), ct);
                await registry.ClaimAsync(Owner, new MineRequest(Tags(n), ThingNode.None), ct);
            });
            await LatencyAsync("search strEq SN (1 hit)", runs, () =>
                registry.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "SN", Serial(4242))]), ct));
            await LatencyAsync("search strMask SN 'SN-00012*' (~5 hits)", runs, () =>
                registry.SearchAsync(new SearchRequest([SearchOperator.Mask("SN", "SN-00012*")]), ct));
            await LatencyAsync("search strEq MAN + numRange V (~1,000 hits), first page of 100", runs, () =>
                registry.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "MAN", "edge.example"),
                    SearchOperator.NumericRange("V", 1, true, 1.5, true)], MaxCount: 100), ct));
            Console.WriteLine($"(database: {new FileInfo(Path.Combine(root, "registry.db")).Length / 1024:N0} KiB under {root})");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static readonly Jid Owner = Jid.Parse("owner@example.org/bench");

    private static Jid Device(int i) => Jid.Parse($"thing-{i}@example.org/edge");

    private static string Serial(int i) => "SN-" + i.ToString("D6", CultureInfo.InvariantCulture);

    private static List<MetaTag> Tags(int i) =>
    [
        MetaTag.String("SN", Serial(i)),
        MetaTag.String("MAN", i % 3 == 0 ? "edge.example" : "other.example"),
        MetaTag.String("MODEL", "Edge-Pi"),
        MetaTag.Numeric("V", 1 + (i % 10) / 10.0),
        MetaTag.String("ROOM", "Room " + (i % 50).ToString(CultureInfo.InvariantCulture)),
        MetaTag.Numeric("LAT", 59 + (i % 100) / 100.0),
        MetaTag.Numeric("LON", 18 + (i % 100) / 100.0),
        MetaTag.String("KEY", "key-" + i.ToString("x8", CultureInfo.InvariantCulture) + "-0123456789abcdef"),
    ];

    private static void Report(string what, int count, TimeSpan elapsed) =>
        Console.WriteLine($"{what,-60} {elapsed.TotalSeconds,8:F2} s {count / elapsed.TotalSeconds,10:N0} /s");

    /// <summary>Median and p95 of <paramref name="runs"/> runs of <paramref name="action"/>; <paramref name="before"/> runs untimed before each.</summary>
    internal static async Task LatencyAsync(string what, int runs, Func<Task> action, Action? before = null)
    {
        before?.Invoke();
        await action();
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            before?.Invoke();
            var start = Stopwatch.GetTimestamp();
            await action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        Console.WriteLine($"{what,-60} median {samples[runs / 2],8:F3} ms   p95 {samples[runs * 95 / 100],8:F3} ms");
    }

    internal static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string OptionText(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
