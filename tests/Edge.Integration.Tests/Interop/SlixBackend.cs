using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Edge.Testing;
using Edge.Testing.Servers;

namespace Edge.Integration.Tests.Interop;

/// <summary>
/// Runs <c>Interop/slix_backend.py</c> — Debian's slixmpp, an XMPP client we did not write — as the backend account
/// and returns the JSON lines it printed. Debian's <c>/usr/bin/python3</c> is used explicitly: the python first on
/// PATH may be another installation without python3-slixmpp.
/// </summary>
internal static class SlixBackend
{
    public const string Python = "/usr/bin/python3";

    public static string Script => Path.Combine(RepositoryPaths.Root, "tests", "Edge.Integration.Tests", "Interop", "slix_backend.py");

    /// <summary>Runs one command; fails the test (with stderr) if the script did not run to its end.</summary>
    public static async Task<IReadOnlyList<JsonElement>> RunAsync(string command, params string[] arguments)
    {
        var server = Server.Xmpp;
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Script, command, "--jid", TestAccounts.BackendJid, "--password", TestAccounts.BackendPassword,
            "--host", server.Host, "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--ca", server.CaFile, "--timeout", "20" })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"slix_backend.py {command} did not finish in 60 s. stderr: {await stderr}");
        }

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        Assert.AreEqual(0, process.ExitCode,
            $"slix_backend.py {command} failed: {string.Join(" | ", lines.Select(l => l.ToString()))} stderr: {await stderr}");
        return lines;
    }

    /// <summary>The XML of a <c>{"iq": …}</c> or <c>{"message": …}</c> line.</summary>
    public static XElement Xml(JsonElement line, string key) => XElement.Parse(line.GetProperty(key).GetString()!);
}
