using System.Diagnostics;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>Process and waiting helpers shared by the tests that run socat and the virtual MCU.</summary>
internal static class TestProcesses
{
    public static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken token)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(15), $"timed out waiting for {what}");
            await Task.Delay(20, token);
        }
    }

    public static Process StartProcess(string file, string[] args, Action<string>? onStderrLine)
    {
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
        Assert.IsTrue(process.Start(), $"{file} did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Stops a process this test started, by its own handle (its pid), never by name.</summary>
    public static void StopProcess(Process? process)
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
}
