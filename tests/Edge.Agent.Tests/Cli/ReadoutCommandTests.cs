using Edge.Agent.Cli;
using Edge.Things;

namespace Edge.Agent.Tests.Cli;

[TestClass]
public sealed class ReadoutCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static CommandLine Line(params string[] args) => new(args, new HashSet<string> { "json" });

    [TestMethod]
    public void Request_NodesFieldsKindsAndRelativeTimes()
    {
        var request = ReadoutCommand.Request(Line("--node", "grid-meter", "--node", "pv-meter", "--source", "MeteringTopology",
            "--field", "Frequency", "--kind", "momentary,historicalHour", "--kind", "peak", "--from", "-2h", "--to", "-15m", "--when", "+30s"), Now, 7);

        Assert.AreEqual(7, request.SeqNr);
        CollectionAssert.AreEqual(new[] { new ThingReference("grid-meter", "MeteringTopology"), new ThingReference("pv-meter", "MeteringTopology") },
            request.Nodes.ToArray());
        CollectionAssert.AreEqual(new[] { "Frequency" }, request.FieldNames.ToArray());
        Assert.AreEqual(ReadoutTypes.Momentary | ReadoutTypes.HistoricalHour | ReadoutTypes.Peak, request.Types);
        Assert.AreEqual(Now.AddHours(-2), request.From);
        Assert.AreEqual(Now.AddMinutes(-15), request.To);
        Assert.AreEqual(Now.AddSeconds(30), request.When);
    }

    [TestMethod]
    public void Request_NoKindOrAll_AsksForEveryKindWithoutFlags()
    {
        Assert.AreEqual(ReadoutTypes.None, ReadoutCommand.Request(Line(), Now, 1).Types);
        Assert.AreEqual(ReadoutTypes.None, ReadoutCommand.Request(Line("--kind", "all"), Now, 1).Types);
        Assert.AreEqual(ReadoutTypes.Historical, ReadoutCommand.Request(Line("--kind", "historical"), Now, 1).Types);
    }

    [TestMethod]
    public void Request_IsoTimeWithoutZone_IsUtc()
    {
        var request = ReadoutCommand.Request(Line("--from", "2026-11-23T08:00:00"), Now, 1);

        Assert.AreEqual(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), request.From);
    }

    [TestMethod]
    [DataRow("--kind", "hourly", "not a readout kind")]
    [DataRow("--from", "yesterday", "neither an ISO 8601 date-time")]
    [DataRow("--when", "+5x", "neither an ISO 8601 date-time")]
    public void Request_BadOption_ErrorNamesTheOptionAndValue(string option, string value, string expected)
    {
        var error = Assert.ThrowsExactly<CommandLineException>(() => ReadoutCommand.Request(Line(option, value), Now, 1));

        StringAssert.Contains(error.Message, $"{option} '{value}'");
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void Request_FromAfterTo_Refused()
    {
        var error = Assert.ThrowsExactly<CommandLineException>(() => ReadoutCommand.Request(Line("--from", "-1h", "--to", "-2h"), Now, 1));

        StringAssert.Contains(error.Message, "--from");
    }
}
