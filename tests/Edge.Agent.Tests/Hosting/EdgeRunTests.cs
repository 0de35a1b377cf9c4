namespace Edge.Agent.Tests.Hosting;

/// <summary>
/// <c>edge run</c> as systemd runs it: the built executable, its exit code and what it prints. Configuration faults
/// exit 2 with a message (they used to crash with an unhandled exception: exit 134), a fatal error exits 1.
/// </summary>
[TestClass]
public sealed class EdgeRunTests
{
    private const string BrokenJson = "{\n  \"Xmpp\": {\n    \"Port\": 12,,\n  }\n}\n";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task EdgeRun_MalformedConfigFile_Exit2NamingFileLineAndPosition()
    {
        using var folder = new AgentFolder();
        var extra = folder.Write("extra.json", BrokenJson);

        var (code, _, error) = await RunAsync(folder, AppContext.BaseDirectory, "--config", extra);

        Assert.AreEqual(2, code, error);
        StringAssert.Contains(error, $"{extra}: not valid JSON at line 3, position 16");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task EdgeRun_MissingConfigFile_Exit2NamingIt()
    {
        using var folder = new AgentFolder();
        var missing = Path.Combine(folder.Root, "missing.json");

        var (code, _, error) = await RunAsync(folder, AppContext.BaseDirectory, "--config", "missing.json");

        Assert.AreEqual(2, code, error);
        StringAssert.Contains(error, missing + ": no such file.");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task EdgeRun_MalformedAppSettingsBesideTheExecutable_Exit2NamingIt()
    {
        using var folder = new AgentFolder();
        var agent = Path.Combine(folder.Root, "agent");
        EdgeProcess.CopyAgentTo(agent);
        File.WriteAllText(Path.Combine(agent, "appsettings.json"), BrokenJson);

        var (code, _, error) = await RunAsync(folder, agent);

        Assert.AreEqual(2, code, error);
        StringAssert.Contains(error, Path.Combine(agent, "appsettings.json") + ": not valid JSON at line 3, position 16");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task EdgeRun_TwoBadSetValues_Exit2ReportingBoth()
    {
        using var folder = new AgentFolder();

        var (code, _, error) = await RunAsync(folder, AppContext.BaseDirectory,
            "--set", "Xmpp:Port=abc", "--set", "Agent:SampleInterval=xyz");

        Assert.AreEqual(2, code, error);
        StringAssert.Contains(error, "Xmpp:Port 'abc' must be a whole number.");
        StringAssert.Contains(error, "Agent:SampleInterval 'xyz' must be a duration");
        Assert.IsFalse(error.Contains("Xmpp:Password", StringComparison.Ordinal), "The password was set: " + error);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task EdgeRun_ServiceFailsAtStart_Exit1WithCriticalLog()
    {
        using var folder = new AgentFolder();
        // A profile for real hardware on a machine without a GPIO chip (the disk faults no longer stop the agent: the
        // outbox degrades to memory): opening the hardware at start fails.
        var real = folder.Write("real-gpio.json", """
            { "name": "real", "simulated": false,
              "sensors": [ { "id": "door", "kind": "digitalInput", "pin": 27 } ], "relays": [] }
            """);

        var (code, output, error) = await RunAsync(folder, AppContext.BaseDirectory, "--set", "Agent:HardwareProfile=" + real, "--duration", "20");

        Assert.AreEqual(1, code, output + error);
        StringAssert.Contains(output, "crit: Edge.Agent[2051]");
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(AgentFolder folder, string agentDirectory, params string[] args)
        => EdgeProcess.RunAsync(agentDirectory, folder.Root, folder.RunArguments(args), TestContext.CancellationTokenSource.Token);
}
