using System.Net;
using System.Net.Sockets;
using Edge.Agent.Cli;
using Edge.Agent.Tests.Hosting;

namespace Edge.Agent.Tests.Doctor;

[TestClass]
public sealed class DoctorCommandTests
{
    private static CommandLine Line(AgentFolder folder, params string[] more)
    {
        var args = folder.ValidOverrides().SelectMany(o => new[] { "--set", $"{o.Key}={o.Value}" }).Concat(more).ToArray();
        return new CommandLine(args, new HashSet<string> { "offline" });
    }

    [TestMethod]
    public async Task Offline_ValidConfiguration_NothingFailsExit0()
    {
        using var folder = new AgentFolder();
        using var output = new StringWriter();

        int code = await DoctorCommand.RunAsync(Line(folder, "--offline"), output, CancellationToken.None);

        var text = output.ToString();
        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, "ok    configuration");
        StringAssert.Contains(text, "simulated profile 'test'");
        Assert.IsFalse(text.Contains("server", StringComparison.Ordinal), "--offline still checked the server:\n" + text);
        Assert.IsFalse(Directory.Exists(folder.DataDirectory), "doctor created the data directory");
    }

    [TestMethod]
    public async Task BadValue_FailsOnTheKeyExit1()
    {
        using var folder = new AgentFolder();
        using var output = new StringWriter();

        int code = await DoctorCommand.RunAsync(Line(folder, "--offline", "--set", "Agent:SampleInterval=soon"), output, CancellationToken.None);

        Assert.AreEqual(1, code);
        StringAssert.Contains(output.ToString(), "FAIL  configuration   Agent:SampleInterval 'soon' must be a duration");
    }

    [TestMethod]
    public async Task NothingListensOnTheServerPort_FailsAtReachWithAFix()
    {
        using var folder = new AgentFolder();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port that was free a moment ago, closed now: connection refused

        using var output = new StringWriter();
        int code = await DoctorCommand.RunAsync(Line(folder, "--set", $"Xmpp:Port={port}", "--timeout", "5"), output, CancellationToken.None);

        var text = output.ToString();
        Assert.AreEqual(1, code, text);
        StringAssert.Contains(text, "ok    server address  127.0.0.1 (an address: no DNS needed)");
        StringAssert.Contains(text, $"FAIL  server          127.0.0.1:{port} cannot be reached");
        StringAssert.Contains(text, $"listens on port {port}");
    }
}
