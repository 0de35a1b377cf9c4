using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Edge.Benchmarks.Replay;

/// <summary>
/// A real <c>edge run</c> in a process of its own (so its CPU time is its own), optionally under <c>perf stat</c> or
/// <c>strace</c> to count its fsyncs (see <see cref="FsyncCounter"/>). Its console log goes to a file; the run is stopped
/// with SIGTERM (SIGKILL after a bound).
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private static readonly Lazy<bool> PerfWorks = new(() =>
    {
        try
        {
            using var perf = Process.Start(new ProcessStartInfo("perf", ["stat", "-x", ",", "-e", "syscalls:sys_enter_fsync", "--", "true"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (perf is null)
            {
                return false;
            }

            var output = perf.StandardError.ReadToEnd();
            perf.WaitForExit();
            return perf.ExitCode == 0 && output.Contains("sys_enter_fsync", StringComparison.Ordinal) && !output.Contains("<not", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no perf
        }
    });

    private readonly Process _process;
    private readonly string? _countFile;
    private readonly StreamWriter _log;
    private readonly Lock _lock = new();
    private readonly StringBuilder _tail = new();
    private bool _stopped;
    private TimeSpan _lastCpu;

    private AgentProcess(Process process, string? countFile, string logFile)
    {
        _process = process;
        _countFile = countFile;
        LogFile = logFile;
        _log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The agent's own pid (under perf or strace, their child).</summary>
    public int Pid { get; private set; }

    public string LogFile { get; }

    /// <summary>When the agent logged that it is connected (null until then).</summary>
    public long? ConnectedAt { get; private set; }

    /// <summary>fsync + fdatasync calls, from perf's or strace's summary once stopped (null when not counted).</summary>
    public long? Fsyncs { get; private set; }

    /// <summary>Warnings, errors and critical lines the agent logged (what went wrong, if anything).</summary>
    public int Problems { get; private set; }

    /// <summary>
    /// How fsyncs are counted: <c>perf stat</c> on the syscall tracepoints where the kernel allows it (counted in the
    /// kernel, no cost to the agent), else <c>strace -f -c</c> (seccomp-filtered, but every signal the runtime sends its
    /// own threads — GC suspension — still stops the agent: it slows it down).
    /// </summary>
    public static string FsyncCounter => PerfWorks.Value ? "perf stat (syscalls:sys_enter_fsync/fdatasync)" : "strace -f -c -e trace=fsync,fdatasync";

    public static async Task<AgentProcess> StartAsync(string edge, IReadOnlyDictionary<string, string> environment, string workDirectory,
        bool countFsyncs)
    {
        var countFile = countFsyncs ? Path.Combine(workDirectory, "fsyncs.txt") : null;
        var start = !countFsyncs
            ? new ProcessStartInfo(edge, ["run"])
            : PerfWorks.Value
                ? new ProcessStartInfo("perf", ["stat", "-x", ",", "-e", "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync", "-o", countFile!, "--", edge, "run"])
                : new ProcessStartInfo("strace", ["-f", "--seccomp-bpf", "-c", "-e", "trace=fsync,fdatasync", "-o", countFile!, edge, "run"]);
        start.WorkingDirectory = workDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {edge}");
        var agent = new AgentProcess(process, countFile, Path.Combine(workDirectory, "agent.log"));
        agent.Pid = process.Id;
        if (countFsyncs)
        {
            var deadline = Stopwatch.StartNew();
            int? child;
            while ((child = ProcStat.ChildRunning(process.Id, edge)) is null)
            {
                if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new InvalidOperationException("perf/strace did not start the agent:" + Environment.NewLine + agent.Tail());
                }

                await Task.Delay(5);
            }

            agent.Pid = child.Value;
        }

        return agent;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The agent's CPU time so far (user + system); its last value once it exited.</summary>
    public TimeSpan Cpu => _lastCpu = ProcStat.Cpu(Pid) ?? _lastCpu;

    public double? PeakRssMiB => ProcStat.PeakRssMiB(Pid);

    /// <summary>VmRSS of the agent now, in MiB (null once it is gone).</summary>
    public double? RssMiB => ProcStat.RssMiB(Pid);

    /// <summary>Waits until the agent logged that it is connected; throws with its log tail when it exits or times out.</summary>
    public async Task WaitForConnectedAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (ConnectedAt is null)
        {
            if (_process.HasExited || deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException($"the agent did not connect within {timeout.TotalSeconds} s:{Environment.NewLine}{Tail()}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>SIGTERM, then SIGKILL after a bound; reads the fsync count. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_process.HasExited)
        {
            _ = Cpu; // keep the last value
            using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync();
            }

            using var bound = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        if (_countFile is not null && File.Exists(_countFile))
        {
            // perf -x ,: "count,unit,event,..."; strace -c: "% time  seconds  usecs/call  calls  errors  syscall" (errors may be blank).
            long calls = 0;
            foreach (var line in File.ReadLines(_countFile))
            {
                var csv = line.Split(',');
                var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (csv.Length >= 3 && csv[2] is "syscalls:sys_enter_fsync" or "syscalls:sys_enter_fdatasync")
                {
                    calls += long.Parse(csv[0], CultureInfo.InvariantCulture);
                }
                else if (cells.Length >= 5 && cells[^1] is "fsync" or "fdatasync")
                {
                    calls += long.Parse(cells[3], CultureInfo.InvariantCulture);
                }
            }

            Fsyncs = calls;
        }
    }

    /// <summary>The last lines the agent printed.</summary>
    public string Tail()
    {
        lock (_lock)
        {
            return _tail.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
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
            if (ConnectedAt is null && line.Contains("Connected to XMPP as", StringComparison.Ordinal))
            {
                ConnectedAt = Stopwatch.GetTimestamp();
            }

            // Simple console format: "HH:mm:ss warn: Category[id] message".
            if (line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal)
                || line.Contains(" crit: ", StringComparison.Ordinal))
            {
                Problems++;
            }

            _tail.AppendLine(line);
            if (_tail.Length > 8000)
            {
                _tail.Remove(0, _tail.Length - 6000);
            }
        }
    }
}
