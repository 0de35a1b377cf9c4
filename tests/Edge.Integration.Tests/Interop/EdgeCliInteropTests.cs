using System.Globalization;
using System.Text.Json;
using Edge.Agent.Cli;
using Edge.Testing.Servers;

namespace Edge.Integration.Tests.Interop;

/// <summary>
/// `edge readout` and `edge control` as a backend developer or technician uses them: the verbs run against the agent on
/// the sim profile through the fixture's XMPP server, and what they print is checked against the hardware behind the agent.
/// </summary>
[TestClass]
public sealed class EdgeCliInteropTests
{
    private static readonly string[] TenKinds = ["numeric", "boolean", "int", "long", "string", "enum", "date", "time", "dateTime", "duration"];
    private static AgentUnderTest? _agent;

    private static AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("no agent");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        _agent = await AgentUnderTest.StartAsync("cli-interop");
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Readout_ClimateMomentary_TableWithUnits()
    {
        var (exit, output, error) = await ReadoutAsync("--node", "climate", "--kind", "momentary");

        Assert.AreEqual(0, exit, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        StringAssert.StartsWith(lines[0], "node ");
        var temperature = lines.Single(l => l.StartsWith("climate  Temperature", StringComparison.Ordinal));
        StringAssert.Contains(temperature, "°C");
        Assert.AreEqual(2 + 3, lines.Length, "header, rule and the BME280's three fields: " + output);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Readout_Json_EveryFieldKindOfTheDevice()
    {
        var (exit, output, error) = await ReadoutAsync("--json");

        Assert.AreEqual(0, exit, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        CollectionAssert.IsSubsetOf(TenKinds, rows.Select(r => r.GetProperty("type").GetString()).Distinct().ToArray());
        var frequency = rows.First(r => r.GetProperty("node").GetString() == "grid-meter" && r.GetProperty("name").GetString() == "Frequency");
        Assert.AreEqual(JsonValueKind.Number, frequency.GetProperty("value").ValueKind);
        Assert.AreEqual("Hz", frequency.GetProperty("unit").GetString());
        var health = rows.Single(r => r.GetProperty("name").GetString() == "Health");
        Assert.AreEqual("enum", health.GetProperty("type").GetString());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Readout_FieldFilterAndHistory_OnlyThatFieldWithHistoricalFlags()
    {
        var (exit, output, error) = await ReadoutAsync("--node", "pv-meter", "--field", "Frequency", "--kind", "momentary,historicalMinute",
            "--from", "-1h", "--json");

        Assert.AreEqual(0, exit, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.IsTrue(rows.Length >= 1, output);
        Assert.IsTrue(rows.All(r => r.GetProperty("name").GetString() == "Frequency" && r.GetProperty("node").GetString() == "pv-meter"), output);
        Assert.IsTrue(rows.All(r => r.GetProperty("flags").EnumerateArray().All(f => f.GetString() == "historicalMinute")), output);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Readout_Deferred_QueuedThenStartedThenFields()
    {
        var (exit, output, error) = await ReadoutAsync("--node", "door", "--when", "+2s");

        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(error, "queued");
        StringAssert.Contains(error, "started");
        StringAssert.Contains(output, "door  State");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Readout_UnknownNode_ExitOneNamingTheError()
    {
        var (exit, output, error) = await ReadoutAsync("--node", "no-such-node");

        Assert.AreEqual(DeviceSession.Refused, exit, output);
        StringAssert.Contains(error, "item-not-found");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Control_Form_EveryParameterTypeWithRangesAndValues()
    {
        var (exit, output, error) = await ControlAsync("--form", "--json");

        Assert.AreEqual(0, exit, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        CollectionAssert.IsSubsetOf(new[] { "boolean", "color", "date", "dateTime", "double", "duration", "int", "long", "string", "time" },
            rows.Select(r => r.GetProperty("type").GetString()).Distinct().ToArray());
        var priority = rows.Single(r => r.GetProperty("name").GetString() == "ShedPriority");
        Assert.AreEqual("0", priority.GetProperty("min").GetString());
        Assert.AreEqual("9", priority.GetProperty("max").GetString());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Control_HeaterUntyped_RelayFlipsAndTheNextReadoutShowsIt()
    {
        var heater = Agent.Hardware.FindRelay("heater")!;
        var target = !heater.IsOn;

        var (exit, output, error) = await ControlAsync("--node", "heater", $"State={(target ? "true" : "false")}");

        Assert.AreEqual(0, exit, error);
        StringAssert.StartsWith(output, "OK: State=");
        Assert.AreEqual(target, heater.IsOn);
        var readout = await ReadoutAsync("--node", "heater", "--field", "State", "--kind", "status", "--json");
        Assert.AreEqual(0, readout.Exit, readout.Error);
        var state = JsonDocument.Parse(readout.Output.Trim()).RootElement;
        Assert.AreEqual(target, state.GetProperty("value").GetBoolean());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Control_McuRelayChannel_ReachesTheFirmwareAndTheNextReadoutShowsIt()
    {
        var before = await ReadoutAsync("--node", "mcu.relay", "--kind", "status", "--json");
        Assert.AreEqual(0, before.Exit, before.Error);
        var target = !JsonDocument.Parse(before.Output.Trim()).RootElement.GetProperty("value").GetBoolean();

        var (exit, output, error) = await ControlAsync("--node", "mcu.relay", $"State={(target ? "true" : "false")}");

        Assert.AreEqual(0, exit, error + string.Join('\n', Agent.Mcu.Log.TakeLast(20)));
        StringAssert.StartsWith(output, "OK:");
        var after = await ReadoutAsync("--node", "mcu.relay", "--kind", "status", "--json");
        Assert.AreEqual(target, JsonDocument.Parse(after.Output.Trim()).RootElement.GetProperty("value").GetBoolean(),
            "the firmware switched its relay output and reported it back");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Control_EveryParameterType_AppliedAndReadBack()
    {
        // ShedUntil is in the past on purpose: with LoadShedding true a future one would start a demand-response event
        // that holds the heater off, and Control_HeaterUntyped shares the agent.
        var (exit, output, error) = await ControlAsync("--node", "device", "Location:string=Substation 7", "ImportLimit:double=4200.5",
            "LoadShedding:boolean=true", "ShedPriority:int=3", "EnergyBudget:long=25000000000", "QuietHoursStart:time=23:30:00",
            "TariffChangeDate:date=2027-04-01", "ShedUntil:dateTime=2025-12-24T18:00:00Z", "IndicatorColor:color=FF8800",
            "SampleInterval:duration=PT1S");

        Assert.AreEqual(0, exit, error);
        StringAssert.StartsWith(output, "OK:");
        var readout = await ReadoutAsync("--node", "device", "--kind", "status", "--json");
        var values = readout.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("value").ToString());
        Assert.AreEqual("Substation 7", values["Location"]);
        Assert.AreEqual("4200.5", values["ImportLimit"]);
        Assert.AreEqual("True", values["LoadShedding"]);
        Assert.AreEqual("3", values["ShedPriority"]);
        Assert.AreEqual("25000000000", values["EnergyBudget"]);
        Assert.AreEqual("23:30:00", values["QuietHoursStart"]);
        Assert.AreEqual("2027-04-01", values["TariffChangeDate"]);
        Assert.AreEqual("2025-12-24T18:00:00Z", values["ShedUntil"]);
        Assert.AreEqual("FF8800", values["IndicatorColor"]);
        Assert.AreEqual("PT1S", values["SampleInterval"]);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Control_OutOfRange_ExitOneNamingTheParameterAndNothingChanges()
    {
        var priority = Agent.Device.RootNodes[0].FindParameter("ShedPriority")!;
        var location = Agent.Device.RootNodes[0].FindParameter("Location")!;
        var before = (priority.CurrentValue, location.CurrentValue);

        var (exit, _, error) = await ControlAsync("Location:string=changed", "ShedPriority:int=10");

        Assert.AreEqual(DeviceSession.Refused, exit);
        StringAssert.Contains(error, "bad-request");
        StringAssert.Contains(error, "'ShedPriority'");
        Assert.AreEqual(before, (priority.CurrentValue, location.CurrentValue), "an invalid set changes nothing, not even the valid part");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Control_ValueNotOfItsType_UsageErrorBeforeAnythingIsSent()
    {
        var error = await Assert.ThrowsExactlyAsync<CommandLineException>(() => ControlAsync("ShedPriority:int=high"));

        StringAssert.Contains(error.Message, "'high'");
    }

    private static Task<(int Exit, string Output, string Error)> ReadoutAsync(params string[] args) =>
        RunAsync(ReadoutCommand.RunAsync, new HashSet<string> { "json" }, args);

    private static Task<(int Exit, string Output, string Error)> ControlAsync(params string[] args) =>
        RunAsync(ControlCommand.RunAsync, ControlCommand.Flags, args);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(
        Func<CommandLine, TextWriter, TextWriter, CancellationToken, Task<int>> verb, IReadOnlySet<string> flags, string[] args)
    {
        var server = Server.Xmpp;
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var cl = new CommandLine([.. args, "--jid", TestAccounts.BackendJid, "--password", TestAccounts.BackendPassword,
            "--server", $"{server.Host}:{server.Port}", "--ca-file", server.CaFile, "--device", Agent.FullJid.ToString(), "--timeout", "20"], flags);
        var exit = await verb(cl, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
