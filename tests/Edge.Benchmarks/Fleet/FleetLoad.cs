using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Benchmarks.Replay;
using Edge.Testing.Prosody;

namespace Edge.Benchmarks.Fleet;

/// <summary>
/// <c>Edge.Benchmarks fleet --edge PATH [--counts 1,100,1000] [--rate R] [--settle S]</c>: the memory and CPU of
/// <c>edge fleet</c> per simulated device (issue 12: ≤ 200 KB per device at 1,000). For each count a fresh private
/// Prosody, the fleet registering its accounts in-band and publishing to PEP (max_items 1) with a sampling interval
/// that keeps the server at about R publishes a second (default 100: 12 nodes × N devices / interval); once every
/// device is connected and has published a full round, and after --settle seconds, RSS, PSS and private memory come
/// from <c>/proc/PID/smaps_rollup</c>, and the process's CPU (utime + stime) over one more interval (30-60 s) is
/// divided by the readings it published meanwhile (its own status lines). Per device: (figure at N − figure at the
/// first count) / (N − first count). Not a test: figures, not assertions.
/// </summary>
public static partial class FleetLoad
{
    private const int NodesPerDevice = 12; // the sim profile without its firmware bridge: 10 sensors, 2 relays

    public static async Task<int> RunAsync(string[] args)
    {
        string Text(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var edge = Path.GetFullPath(Text("edge", "src/Edge.Agent/bin/Release/net10.0/edge"));
        var profile = Path.GetFullPath(Text("profile", "hardware/profiles/sim.json"));
        var counts = Text("counts", "1,100,1000").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var rate = double.Parse(Text("rate", "100"), CultureInfo.InvariantCulture);
        var settle = int.Parse(Text("settle", "15"), CultureInfo.InvariantCulture);
        Console.WriteLine($"edge fleet: {edge}");
        Console.WriteLine($"{"devices",8} {"interval",9} {"connect_s",10} {"RSS_MiB",8} {"PSS_MiB",8} {"priv_MiB",9} {"RSS/dev_KiB",12} {"PSS/dev_KiB",12} {"priv/dev_KiB",13} {"cpu/reading_us",15} {"readings",9}");
        Sample? baseline = null;
        foreach (var count in counts)
        {
            var interval = Math.Max(10, Math.Ceiling(count * NodesPerDevice / rate));
            Sample sample;
            try
            {
                sample = await MeasureAsync(edge, profile, count, interval, settle);
            }
            catch (TimeoutException e)
            {
                Console.WriteLine($"{count,8} {interval,8}s  not measured: {e.Message}");
                continue;
            }

            baseline ??= sample;
            var n = count - baseline.Count;
            string PerDevice(double now, double at) => n > 0 ? ((now - at) * 1024 / n).ToString("F0", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count,8} {interval,8}s {sample.ConnectSeconds,10:F1} {sample.RssMiB,8:F1} {sample.PssMiB,8:F1} {sample.PrivateMiB,9:F1} {PerDevice(sample.RssMiB, baseline.RssMiB),12} {PerDevice(sample.PssMiB, baseline.PssMiB),12} {PerDevice(sample.PrivateMiB, baseline.PrivateMiB),13} {sample.CpuPerReading.TotalMicroseconds,15:F0} {sample.Readings,9}"));
        }

        return 0;
    }

    private static async Task<Sample> MeasureAsync(string edge, string profile, int count, double interval, int settle)
    {
        await using var server = await ProsodyServer.StartAsync();
        var output = new List<string>();
        var psi = new ProcessStartInfo(edge) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "fleet", "--count", count.ToString(CultureInfo.InvariantCulture), "--register", "--prefix", "bench", "--password", "bench-secret",
            "--interval", interval.ToString(CultureInfo.InvariantCulture), "--concurrency", "8",
            // Patient timeouts: on a loaded machine a TLS login or a ping answer can take longer than the defaults allow,
            // and a device dropping its connection for that would measure reconnects, not a fleet.
            "--set", "Xmpp:ConnectTimeout=00:02:00", "--set", "Xmpp:IqTimeout=00:02:00",
            "--set", "Xmpp:Jid=bench@" + server.Domain, "--set", "Xmpp:Host=" + server.Host,
            "--set", "Xmpp:Port=" + server.Port.ToString(CultureInfo.InvariantCulture), "--set", "Xmpp:Tls:CaFile=" + server.CaFile,
            "--set", "Agent:HardwareProfile=" + profile, "--set", "Agent:PubSub:Service=", "--set", "Agent:PubSub:MaxItems=1",
        })
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("edge fleet did not start");
        void Keep(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.Add(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            string? Last(Regex pattern)
            {
                lock (output)
                {
                    return output.LastOrDefault(l => pattern.IsMatch(l));
                }
            }

            long Published() => Last(StatusLine()) is { } line ? long.Parse(StatusLine().Match(line).Groups[1].Value, CultureInfo.InvariantCulture) : 0;

            await WaitForAsync(() => Last(AllConnected()) is not null || process.HasExited,
                TimeSpan.FromSeconds(120 + count), $"all {count} connected", output);
            if (process.HasExited)
            {
                throw new TimeoutException("edge fleet exited: " + string.Join(" | ", output.TakeLast(5)));
            }

            var connectSeconds = double.Parse(AllConnected().Match(Last(AllConnected())!).Groups[1].Value, CultureInfo.InvariantCulture);
            await WaitForAsync(() => Published() >= count * NodesPerDevice, TimeSpan.FromSeconds((interval * 3) + 30), "a full round published", output);
            await Task.Delay(TimeSpan.FromSeconds(settle));
            var cpu0 = ProcStat.Cpu(process.Id) ?? TimeSpan.Zero;
            var published0 = Published();
            var memory = SmapsRollup(process.Id);
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(interval, 30, 60))); // the slots spread the devices over the interval
            var cpu1 = ProcStat.Cpu(process.Id) ?? TimeSpan.Zero;
            var readings = Published() - published0;
            return new Sample(count, connectSeconds, memory.Rss, memory.Pss, memory.Private,
                readings > 0 ? (cpu1 - cpu0) / readings : TimeSpan.Zero, readings);
        }
        finally
        {
            if (!process.HasExited)
            {
                using (Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                }

                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill();
                }
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what, List<string> output)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                lock (output)
                {
                    throw new TimeoutException($"no {what} within {timeout.TotalSeconds:F0} s; last: {string.Join(" | ", output.TakeLast(3))}");
                }
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Rss, Pss and Private_Clean + Private_Dirty of <paramref name="pid"/> in MiB.</summary>
    private static (double Rss, double Pss, double Private) SmapsRollup(int pid)
    {
        var kb = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/smaps_rollup").Skip(1))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value))
            {
                kb[parts[0].TrimEnd(':')] = value;
            }
        }

        return (kb["Rss"] / 1024.0, kb["Pss"] / 1024.0, (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024.0);
    }

    [GeneratedRegex(@"edge fleet: all \d+ connected in ([0-9.]+) s")]
    private static partial Regex AllConnected();

    [GeneratedRegex(@"connected, (\d+) published")]
    private static partial Regex StatusLine();

    private sealed record Sample(int Count, double ConnectSeconds, double RssMiB, double PssMiB, double PrivateMiB, TimeSpan CpuPerReading, long Readings);
}
