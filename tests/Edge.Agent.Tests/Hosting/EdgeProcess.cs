using System.Diagnostics;

namespace Edge.Agent.Tests.Hosting;

/// <summary>Runs the built <c>edge</c> executable (copied beside the tests by the project reference) and collects its output.</summary>
internal static class EdgeProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string directory, string workingDirectory,
        IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path.Combine(directory, OperatingSystem.IsWindows() ? "edge.exe" : "edge"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The agent reads Xmpp__*/Agent__* from the environment: none of the runner's may leak into the test.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Xmpp__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("Agent__", StringComparison.OrdinalIgnoreCase) || k == "CREDENTIALS_DIRECTORY").ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Copies the agent's files to a folder of their own, so its appsettings.json can be changed there.</summary>
    public static void CopyAgentTo(string target)
    {
        var source = AppContext.BaseDirectory;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(target, "edge"), File.GetUnixFileMode(Path.Combine(source, "edge")));
        }
    }
}
