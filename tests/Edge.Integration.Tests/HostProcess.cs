using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Edge.Integration.Tests;

/// <summary>
/// One child process of a test (an <c>edge-registry</c> or <c>edge-gateway</c> executable): started with its
/// arguments from the test directory, its standard output and error kept line by line (each line also handed to the
/// owner, which watches for its "ready" line), and only ever signalled or killed by the test that started it, by pid.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Action<string> _onLine;

    public HostProcess(string binary, IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        _onLine = onLine ?? (_ => { });
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far, standard output and error interleaved as they came.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs <paramref name="binary"/> to its end (at most <paramref name="wait"/>): its exit code and output.</summary>
    public static async Task<(int Exit, string Output)> RunToEndAsync(string binary, IEnumerable<string> arguments, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        using var host = new HostProcess(binary, arguments);
        await host._process.WaitForExitAsync(cancellationToken).WaitAsync(wait, cancellationToken);
        host._process.WaitForExit(); // the output handlers have run
        return (host._process.ExitCode, host.Output);
    }

    /// <summary>
    /// Waits for <paramref name="ready"/> (completed by the owner's line handler) for at most <paramref name="wait"/>;
    /// false when the process ended or the time ran out first.
    /// </summary>
    public async Task<bool> WaitUntilAsync(Task ready, TimeSpan wait, CancellationToken cancellationToken)
    {
        var ended = _process.WaitForExitAsync(cancellationToken);
        return await Task.WhenAny(ready, ended, Task.Delay(wait, cancellationToken)) == ready;
    }

    /// <summary>SIGKILL, and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then the exit code (waiting at most <paramref name="wait"/>).</summary>
    public async Task<int> TerminateAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("/bin/kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken).WaitAsync(wait, cancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        _onLine(line);
    }
}
