using Edge.Agent.Cli;
using Edge.Agent.DemandResponse.OpenAdr;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Cli;

[TestClass]
public sealed class DrCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 17, 0, 0, 250, TimeSpan.Zero);

    private static CommandLine Line(params string[] args) => new(args, DrCommand.Flags);

    [TestMethod]
    public void Event_Options_OneSimpleEventWithTheGivenScheduleAndTargets()
    {
        OpenAdrDistributeEvent message = DrCommand.Event(Line("--node", "dr/feeder-7", "--level", "2", "--start", "+5m",
            "--duration", "PT1H30M", "--start-after", "2m", "--id", "e-7", "--modification", "3", "--group", "feeder-7",
            "--ven", "agent@localhost"), Now);

        OpenAdrEvent e = message.Events.Single();
        Assert.AreEqual("e-7", e.EventId);
        Assert.AreEqual(3u, e.ModificationNumber);
        Assert.AreEqual(OpenAdrEventStatus.Far, e.EventStatus, "it starts in 5 minutes");
        Assert.AreEqual(new DateTimeOffset(2026, 12, 6, 17, 5, 0, TimeSpan.Zero), e.DtStart, "whole seconds on the wire");
        Assert.AreEqual(TimeSpan.FromMinutes(90), e.Duration);
        Assert.AreEqual(TimeSpan.FromMinutes(2), e.StartAfter);
        Assert.AreEqual(2, e.SimpleSignal!.Intervals.Single().Value);
        CollectionAssert.AreEqual(new[] { "feeder-7" }, e.Target.GroupIds.ToArray());
        CollectionAssert.AreEqual(new[] { "agent@localhost" }, e.Target.VenIds.ToArray());

        Assert.IsTrue(OpenAdrReader.TryParse(OpenAdrWriter.WriteString(message), out var back, out string? error), error);
        Assert.AreEqual("e-7", back.Events[0].EventId);
    }

    [TestMethod]
    public void Event_Defaults_Level1ForAnHourFromNowActive()
    {
        OpenAdrEvent e = DrCommand.Event(Line("--node", "n"), Now).Events.Single();

        Assert.AreEqual(OpenAdrEventStatus.Active, e.EventStatus);
        Assert.AreEqual(TimeSpan.FromHours(1), e.Duration);
        Assert.AreEqual(1, e.SimpleSignal!.Intervals.Single().Value);
        Assert.IsTrue(e.Target.IsEveryone);
    }

    [TestMethod]
    public void Event_Cancel_CancelledStatus()
    {
        OpenAdrEvent e = DrCommand.Event(Line("--node", "n", "--id", "e-1", "--modification", "2", "--cancel"), Now).Events.Single();

        Assert.AreEqual(OpenAdrEventStatus.Cancelled, e.EventStatus);
        Assert.AreEqual(2u, e.ModificationNumber);
    }

    [TestMethod]
    [DataRow(new[] { "--node", "n", "--cancel" }, "--cancel needs the --id")]
    [DataRow(new[] { "--node", "n", "--level", "4" }, "--level '4'")]
    [DataRow(new[] { "--node", "n", "--duration", "P1X" }, "--duration 'P1X'")]
    [DataRow(new[] { "--node", "n", "--duration", "-PT1H" }, "--duration '-PT1H'")]
    [DataRow(new[] { "--node", "n", "--start", "tomorrow" }, "--start 'tomorrow'")]
    [DataRow(new[] { "--level", "1" }, "--node is required")]
    public void Event_BadOption_ErrorNamesIt(string[] args, string message)
    {
        CommandLineException e = Assert.ThrowsExactly<CommandLineException>(() => DrCommand.Event(Line(args), Now));
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task EventAsync_DryRun_PrintsThePayloadWithoutConnecting()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await DrCommand.EventAsync(Line("--node", "n", "--level", "3", "--dry-run"), output, error,
            new FakeTimeProvider(Now), TestContext.CancellationToken);

        Assert.AreEqual(0, code, error.ToString());
        Assert.IsTrue(OpenAdrReader.TryParse(output.ToString(), out var message, out string? parseError), parseError);
        Assert.AreEqual(3, message.Events[0].SimpleSignal!.Intervals[0].Value);
    }

    public TestContext TestContext { get; set; } = null!;
}
