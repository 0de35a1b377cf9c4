using System.ComponentModel;
using System.Diagnostics;

namespace Edge.Testing.Prosody.Internal;

/// <summary>
/// Runs <c>.ci/prosody.sh</c>, the one implementation of the private Prosody setup (the demo script uses it too).
/// </summary>
internal static class ProsodyScript
{
    private const string RelativePath = ".ci/prosody.sh";

    /// <summary>Walks up from the test binaries to the repository root that holds the script.</summary>
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"Could not find {RelativePath} in any folder above {AppContext.BaseDirectory}; the Prosody fixture needs the repository checkout.");
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
            // Only the script itself is killed: a Prosody it already started is found again by its pid file.
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"bash {script} {string.Join(' ', arguments)} did not finish within {timeout}.{Environment.NewLine}{await stderr}");
        }

        return new ScriptResult(process.ExitCode, await stdout, await stderr);
    }
}
