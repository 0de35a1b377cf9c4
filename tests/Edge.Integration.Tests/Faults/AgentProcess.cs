using System.Collections.Concurrent;
using System.Diagnostics;

namespace Edge.Integration.Tests.Faults;

/// <summary>
/// The real <c>edge</c> executable (<c>edge run</c>, or another verb such as <c>edge fleet</c>) as a child process, so a test can SIGKILL it as a power cut or a crash would
/// end it: the apphost beside the tests, or the binary named by <c>EDGE_AGENT_BINARY</c> (CI points it at the
/// NativeAOT build, the form that ships). Its output is kept for the failure message.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AgentProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the agent printed (logs), for assertion messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(60));

    /// <param name="settings">Passed as <c>--set KEY=VALUE</c>.</param>
    /// <param name="environment">Extra environment variables (e.g. systemd's NOTIFY_SOCKET).</param>
    public static AgentProcess Start(IReadOnlyDictionary<string, string?> settings, IReadOnlyDictionary<string, string>? environment = null) =>
        StartVerb(["run", .. settings.SelectMany(s => new[] { "--set", s.Key + "=" + s.Value })], environment);

    /// <summary>Starts <c>edge</c> with <paramref name="arguments"/> (the verb first), e.g. <c>fleet --count 20 …</c>.</summary>
    public static AgentProcess StartVerb(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var binary = Environment.GetEnvironmentVariable("EDGE_AGENT_BINARY") is { Length: > 0 } b ? b : Path.Combine(AppContext.BaseDirectory, "edge");
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = psi };
        var agent = new AgentProcess(process);
        process.OutputDataReceived += (_, e) => agent.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"edge {arguments[0]} did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Whether the agent logged a line containing <paramref name="text"/>.</summary>
    public bool Logged(string text) => _output.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>SIGKILL: no shutdown code runs, as at a power cut.</summary>
    public void Kill()
    {
        _process.Kill();
        if (!_process.WaitForExit(10_000))
        {
            throw new TimeoutException($"edge (pid {Id}) did not die of SIGKILL");
        }
    }

    /// <summary>Waits for the process to end by itself; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as systemd stops it; returns the exit code.</summary>
    public Task<int> StopAsync(TimeSpan timeout) => SignalAndWaitAsync("TERM", timeout);

    /// <summary>Sends <paramref name="signal"/> (TERM, INT …) and waits for the exit; returns the exit code.</summary>
    public async Task<int> SignalAndWaitAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 500 && _output.TryDequeue(out _))
        {
        }
    }
}
