using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Edge.Integration.Tests.Faults;
using Edge.Testing;

namespace Edge.Integration.Tests.Hosting;

/// <summary>
/// The agent under systemd: its unit file passes <c>systemd-analyze verify</c>, and the real <c>edge run</c> speaks the
/// sd_notify protocol to a real <c>NOTIFY_SOCKET</c> (a unix datagram socket this test binds, as systemd would):
/// READY=1 once logged in, WATCHDOG=1 at half the watchdog interval, STATUS= lines, STOPPING=1 at SIGTERM.
/// </summary>
[TestClass]
public sealed class SystemdTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task UnitFile_SystemdAnalyzeVerify_NoWarnings()
    {
        string unit = Path.Combine(RepositoryPaths.Root, "src", "Edge.Agent", "Packaging", "edge.service");
        string binary = Environment.GetEnvironmentVariable("EDGE_AGENT_BINARY") is { Length: > 0 } b ? b : Path.Combine(AppContext.BaseDirectory, "edge");
        string directory = Directory.CreateTempSubdirectory("edge-unit-").FullName;
        try
        {
            // verify checks that ExecStart's program exists: the installed path is /usr/bin/edge, here the built binary.
            string copy = Path.Combine(directory, "edge.service");
            await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(unit)).Replace("/usr/bin/edge", binary, StringComparison.Ordinal));
            var psi = new ProcessStartInfo("systemd-analyze", ["verify", copy]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(psi)!;
            string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.AreEqual(0, process.ExitCode, output);
            Assert.AreEqual(string.Empty, output.Trim(), "systemd-analyze verify has something to say");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Agent_UnderNotifySocket_ReadyAfterLoginWatchdogWhileHealthyStoppingAtSigterm()
    {
        using var rig = FaultRig.Create();
        string socketPath = Path.Combine(rig.Directory, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var messages = new List<(TimeSpan At, string Text)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                    lock (messages)
                    {
                        messages.Add((clock.Elapsed, Encoding.UTF8.GetString(buffer, 0, n)));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var agent = AgentProcess.Start(rig.Settings("systemd", sampleInterval: "00:00:01"),
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "2000000" });
        try
        {
            string Texts()
            {
                lock (messages)
                {
                    return string.Join(" | ", messages.Select(m => $"{m.At.TotalSeconds:F1}s {m.Text.Replace('\n', ';')}"));
                }
            }

            bool Has(string text, int count = 1)
            {
                lock (messages)
                {
                    return messages.Count(m => m.Text.Contains(text, StringComparison.Ordinal)) >= count;
                }
            }

            await Clients.WaitUntilAsync(() => Has("READY=1"), TimeSpan.FromSeconds(40), "READY=1", () => Texts() + "\n" + agent.Output);
            lock (messages)
            {
                var ready = messages.First(m => m.Text.Contains("READY=1", StringComparison.Ordinal));
                StringAssert.Contains(ready.Text, "STATUS=connected", "ready after the login, not before");
            }

            // WATCHDOG_USEC 2 s: fed every second while healthy.
            await Clients.WaitUntilAsync(() => Has("WATCHDOG=1", 3), TimeSpan.FromSeconds(10), "three watchdog pings", Texts);
            Assert.IsFalse(Has("STOPPING=1"));

            Assert.AreEqual(0, await agent.StopAsync(TimeSpan.FromSeconds(30)), agent.Output);
            await Clients.WaitUntilAsync(() => Has("STOPPING=1"), TimeSpan.FromSeconds(5), "STOPPING=1 at SIGTERM", Texts);
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }

            agent.Dispose();
            await stop.CancelAsync();
            await receiving;
        }
    }
}
