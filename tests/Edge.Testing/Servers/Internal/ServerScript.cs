using System.ComponentModel;
using System.Diagnostics;

namespace Edge.Testing.Servers.Internal;

/// <summary>
/// Runs a server script in <c>.ci/</c> (<c>prosody.sh</c>, <c>ejabberd.sh</c>): the one implementation of each private
/// server's setup (the demo script uses prosody.sh too).
/// </summary>
internal static class ServerScript
{
    /// <summary>Walks up from the test binaries to the repository root that holds <paramref name="relativePath"/>.</summary>
    public static string Locate(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"Could not find {relativePath} in any folder above {AppContext.BaseDirectory}; the server fixtures need the repository checkout.");
    }

    public static async Task<ScriptResult> RunAsync(string script, IReadOnlyList<string> arguments, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The fixture's account constants are the script's defaults; an override in the environment would make them lie.
        startInfo.Environment.Remove("EDGE_ACCOUNTS");

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run bash {script}: {e.Message}", e);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            // Only the script itself is killed: a server it already started is found again by its pid file.
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"bash {script} {string.Join(' ', arguments)} did not finish within {timeout}.{Environment.NewLine}{await stderr}");
        }

        return new ScriptResult(process.ExitCode, await stdout, await stderr);
    }
}
