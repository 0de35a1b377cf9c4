using System.Globalization;
using Edge.Iot.Discovery;
using Edge.Testing.Servers;

namespace Edge.Integration.Tests.Registry;

/// <summary>
/// The built <c>edge-registry</c> executable against the real server: its exit codes, SIGTERM, and a SIGKILL in the
/// middle of the flow that loses nothing it had answered.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class RegistryProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000)]
    public async Task Sigkill_AfterClaim_RestartedRegistryStillKnowsOwnerAndWaitingThing()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var data = Path.Combine(Path.GetTempPath(), "edge-registry-" + Guid.NewGuid().ToString("N")[..12]);
        await using var world = await RegistryFixture.StartAsync(ct);
        await world.StopHostAsync();
        try
        {
            using (var first = await RegistryProcess.StartAsync(data, Server.Xmpp.ComponentSecret, ct))
            {
                var (_, device) = await world.DeviceAsync(ct);
                var (_, other) = await world.OtherAsync(ct);
                var (_, owner) = await world.OwnerAsync(ct);
                var claimed = Tags("SN-K1", "key-k1");
                var waiting = Tags("SN-K2", "key-k2");
                Assert.IsNull(await device.RegisterAsync(new RegisterRequest(claimed, ThingNode.None), ct));
                Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(claimed, ThingNode.None), ct));
                Assert.IsNull(await other.RegisterAsync(new RegisterRequest(waiting, ThingNode.None), ct));

                // A crash: no shutdown code runs.
                first.Kill();
            }

            using var second = await RegistryProcess.StartAsync(data, Server.Xmpp.ComponentSecret, ct);
            var (_, deviceAgain) = await world.DeviceAsync(ct);
            var (_, ownerAgain) = await world.OwnerAsync(ct);
            var again = await deviceAgain.RegisterAsync(new RegisterRequest(Tags("SN-K1", "key-other"), ThingNode.None), ct);
            Assert.AreEqual(TestAccounts.BackendJid, again?.Jid.ToString(), "the claim answered before the SIGKILL is kept");
            Assert.IsNotNull(await ownerAgain.ClaimAsync(new MineRequest(Tags("SN-K2", "key-k2"), ThingNode.None), ct),
                "the registration answered before the SIGKILL is kept");
            Assert.AreEqual(0, await second.TerminateAsync(ct), "SIGTERM stops it with exit code 0");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Start_WrongSecret_ExitCode3()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var data = Path.Combine(Path.GetTempPath(), "edge-registry-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // Through Registry:SecretFile: exit 3 (not 1) shows the file's secret is the one presented.
            Directory.CreateDirectory(data);
            var secretFile = Path.Combine(data, "secret");
            await File.WriteAllTextAsync(secretFile, "not-the-secret\n", ct);
            string[] arguments = [.. RegistryProcess.Arguments(data, secret: null), "--set", "Registry:SecretFile=" + secretFile];

            var (exit, output) = await RegistryProcess.RunToEndAsync(arguments, ct);

            Assert.AreEqual(3, exit, output);
            StringAssert.Contains(output, "not-authorized");
            Assert.IsFalse(output.Contains("not-the-secret", StringComparison.Ordinal), "the secret is never logged");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Start_BadConfiguration_ExitCode2NamingEveryKey()
    {
        var ct = TestContext.CancellationTokenSource.Token;

        var (exit, output) = await RegistryProcess.RunToEndAsync(
            ["--set", "Registry:Component:Port=abc", "--set", "Registry:Things:MaxSearchCount=0", "--set", "Registry:Component:Domain=not a domain"], ct);

        Assert.AreEqual(2, exit, output);
        StringAssert.Contains(output, "Registry:Component:Port 'abc'");
        StringAssert.Contains(output, "MaxSearchCount 0");
        StringAssert.Contains(output, "Domain 'not a domain'");
        StringAssert.Contains(output, "Secret is empty");
    }

    private static List<MetaTag> Tags(string serial, string key) =>
        [MetaTag.String("SN", serial), MetaTag.String("MAN", "edge.example"), MetaTag.String("KEY", key)];

    /// <summary>One <c>edge-registry</c> process started by a test (and only ever signalled by it).</summary>
    internal sealed class RegistryProcess : IDisposable
    {
        private static readonly string Binary = Path.Combine(AppContext.BaseDirectory, "edge-registry");
        private readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly HostProcess _host;

        private RegistryProcess(string[] arguments) => _host = new HostProcess(Binary, arguments, OnLine);

        /// <summary>The settings for the fixture's server; <paramref name="secret"/> null: none (a secret file follows).</summary>
        public static string[] Arguments(string data, string? secret) =>
        [
            "--set", "Registry:Component:Domain=" + Server.Xmpp.ComponentDomain,
            .. secret is null ? Array.Empty<string>() : ["--set", "Registry:Component:Secret=" + secret],
            "--set", "Registry:Component:Host=" + Server.Xmpp.Host,
            "--set", "Registry:Component:Port=" + Server.Xmpp.ComponentPort.ToString(CultureInfo.InvariantCulture),
            "--set", "Registry:DataDirectory=" + data,
        ];

        public static async Task<RegistryProcess> StartAsync(string data, string secret, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (true)
            {
                var registry = new RegistryProcess(Arguments(data, secret));
                if (await registry._host.WaitUntilAsync(registry._serving.Task, Wait, cancellationToken))
                {
                    return registry;
                }

                // The server may still hold the killed process's session for a moment (conflict, exit 3): try again.
                var output = registry.Output;
                registry.Dispose();
                if (!output.Contains("conflict", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
                {
                    Assert.Fail("edge-registry did not start serving: " + output);
                }

                await Task.Delay(300, cancellationToken);
            }
        }

        public static Task<(int Exit, string Output)> RunToEndAsync(string[] arguments, CancellationToken cancellationToken) =>
            HostProcess.RunToEndAsync(Binary, arguments, Wait, cancellationToken);

        public string Output => _host.Output;

        public void Kill() => _host.Kill();

        /// <summary>SIGTERM, then the exit code.</summary>
        public Task<int> TerminateAsync(CancellationToken cancellationToken) => _host.TerminateAsync(Wait, cancellationToken);

        public void Dispose() => _host.Dispose();

        private void OnLine(string line)
        {
            if (line.Contains("[6001]", StringComparison.Ordinal))
            {
                _serving.TrySetResult();
            }
        }
    }
}
