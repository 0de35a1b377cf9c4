using System.Diagnostics;
using System.Globalization;
using System.Text;
using Edge.Benchmarks.Replay;

namespace Edge.Benchmarks.DemandResponse;

/// <summary>
/// One agent of the fleet: a real <c>edge run</c> in a process of its own, its console log (one line per entry, each
/// stamped by the agent itself to the microsecond, <see cref="TimestampFormat"/>) copied to a file and read for the
/// lines the benchmark times: subscribed to the program node (2122), a program event applied (2110), a load shed
/// (2102), a load restored (2104). The timestamps are the agent's, taken when it logged, right after the relay switched; when the
/// benchmark reads the line does not matter.
/// </summary>
internal sealed class FleetAgent : IAsyncDisposable
{
    /// <summary>The console timestamp the agents are started with (<c>Logging:Console:FormatterOptions:TimestampFormat</c>).</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz ";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _lock = new();
    private readonly StringBuilder _tail = new();
    private readonly List<DateTimeOffset> _sheds = [];
    private readonly List<DateTimeOffset> _restores = [];
    private readonly List<DateTimeOffset> _applied = [];
    private readonly Queue<string> _problems = new();
    private bool _stopped;

    private FleetAgent(int index, Process process, string logFile)
    {
        Index = index;
        _process = process;
        Pid = process.Id;
        _log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Index { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>When the agent logged that it subscribed to the program node (its own timestamp), null until then.</summary>
    public DateTimeOffset? SubscribedAt { get; private set; }

    /// <summary>Warnings, errors and critical lines the agent logged.</summary>
    public int Problems { get; private set; }

    /// <summary>Loads shed so far (their count: a round's sheds are those after the count at its start).</summary>
    public int ShedCount
    {
        get
        {
            lock (_lock)
            {
                return _sheds.Count;
            }
        }
    }

    public int RestoreCount
    {
        get
        {
            lock (_lock)
            {
                return _restores.Count;
            }
        }
    }

    /// <summary>Starts <c>edge run</c> with <paramref name="environment"/> in <paramref name="directory"/> (its log goes there).</summary>
    public static FleetAgent Start(int index, string edge, IReadOnlyDictionary<string, string> environment, string directory)
    {
        var start = new ProcessStartInfo(edge, ["run"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {edge}");
        return new FleetAgent(index, process, Path.Combine(directory, "agent.log"));
    }

    /// <summary>Program event changes applied so far (event 2110: the item received, parsed and handed to the engine).</summary>
    public int AppliedCount
    {
        get
        {
            lock (_lock)
            {
                return _applied.Count;
            }
        }
    }

    /// <summary>The timestamp of the program event change applied after the first <paramref name="from"/>, if any.</summary>
    public DateTimeOffset? AppliedAfter(int from)
    {
        lock (_lock)
        {
            return _applied.Count > from ? _applied[from] : null;
        }
    }

    /// <summary>The timestamps of the sheds after the first <paramref name="from"/> (the agent's own clock).</summary>
    public DateTimeOffset[] ShedsSince(int from)
    {
        lock (_lock)
        {
            return [.. _sheds.Skip(from)];
        }
    }

    /// <summary>VmRSS and VmHWM in MiB, or null when the agent is gone.</summary>
    public (double Rss, double Peak)? Memory() =>
        ProcStat.RssMiB(Pid) is { } rss && ProcStat.PeakRssMiB(Pid) is { } peak ? (rss, peak) : null;

    public TimeSpan? Cpu() => ProcStat.Cpu(Pid);

    /// <summary>Waits (bounded) for the agent to exit after <see cref="TerminateAsync"/> signalled it; SIGKILL after the bound.</summary>
    public async Task WaitStoppedAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var bound = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            using var again = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(again.Token);
        }
    }

    /// <summary>SIGTERM to every agent still running (one <c>kill</c> by pid), then a bounded wait for each; SIGKILL after it.</summary>
    public static async Task TerminateAsync(IReadOnlyCollection<FleetAgent> agents)
    {
        var running = agents.Where(a => !a._stopped && !a.HasExited).ToList();
        if (running.Count > 0)
        {
            using var kill = Process.Start("kill", ["-TERM", .. running.Select(a => a.Pid.ToString(CultureInfo.InvariantCulture))]);
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }

        await Task.WhenAll(agents.Select(a => a.WaitStoppedAsync()));
    }

    /// <summary>The last lines the agent printed.</summary>
    public string Tail()
    {
        lock (_lock)
        {
            return _tail.ToString();
        }
    }

    /// <summary>The agent's last few warning/error lines.</summary>
    public string[] LastProblems()
    {
        lock (_lock)
        {
            return [.. _problems];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await TerminateAsync([this]);
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _log.WriteLine(line);
            _tail.AppendLine(line);
            if (_tail.Length > 8000)
            {
                _ = _tail.Remove(0, _tail.Length - 6000);
            }

            // Simple console format, single line: "{timestamp} {level}: {category}[{event id}] {message}".
            if (line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal)
                || line.Contains(" crit: ", StringComparison.Ordinal))
            {
                Problems++;
                _problems.Enqueue(line);
                if (_problems.Count > 3)
                {
                    _ = _problems.Dequeue();
                }
            }

            if (line.Contains("[2102] ", StringComparison.Ordinal) && TryStamp(line, out var shed))
            {
                _sheds.Add(shed);
            }
            else if (line.Contains("[2110] ", StringComparison.Ordinal) && TryStamp(line, out var applied))
            {
                _applied.Add(applied);
            }
            else if (line.Contains("[2104] ", StringComparison.Ordinal) && TryStamp(line, out var restored))
            {
                _restores.Add(restored);
            }
            else if (SubscribedAt is null && line.Contains("[2122] ", StringComparison.Ordinal) && TryStamp(line, out var subscribed))
            {
                SubscribedAt = subscribed;
            }
        }
    }

    private static bool TryStamp(string line, out DateTimeOffset stamp)
    {
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        return DateTimeOffset.TryParseExact(space > 0 ? line[..space] : line, TimestampFormat.TrimEnd(), CultureInfo.InvariantCulture,
            DateTimeStyles.None, out stamp);
    }
}
