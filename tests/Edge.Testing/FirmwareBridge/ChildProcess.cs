using System.Diagnostics;

namespace Edge.Testing.FirmwareBridge;

/// <summary>Starting, waiting on and stopping the helper processes a test runs (socat, the virtual MCU).</summary>
public static class ChildProcess
{
    /// <summary>Starts <paramref name="file"/>; each line it writes on standard error goes to <paramref name="onStderrLine"/>.</summary>
    public static Process Start(string file, string[] args, Action<string>? onStderrLine)
    {
        ArgumentNullException.ThrowIfNull(args);
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = psi };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onStderrLine?.Invoke(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"{file} did not start");
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Stops a process the test started, by its own handle (its pid), never by name.</summary>
    public static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms; throws <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }
}
