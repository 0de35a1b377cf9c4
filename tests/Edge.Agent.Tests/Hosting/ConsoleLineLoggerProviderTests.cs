using Edge.Agent.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Tests.Hosting;

/// <summary>
/// The agent's console lines keep the shape .NET's simple console formatter gave them with <c>SingleLine</c>, which
/// journald readers, the integration tests and the benchmarks' log parsing rely on.
/// </summary>
[TestClass]
public sealed class ConsoleLineLoggerProviderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 34, 56, 789, TimeSpan.Zero);

    [TestMethod]
    public void Format_Information_TimestampLevelCategoryEventIdMessage()
    {
        var line = new System.Text.StringBuilder();

        ConsoleLineLoggerProvider.Format(line, "HH:mm:ss.fff ", Noon, LogLevel.Information, "Edge.Agent.Hosting.XmppConnectionService",
            new EventId(2001, "XmppUp"), "Connected as agent@localhost/edge", null);

        Assert.AreEqual("12:34:56.789 info: Edge.Agent.Hosting.XmppConnectionService[2001] Connected as agent@localhost/edge"
            + Environment.NewLine, line.ToString());
    }

    [TestMethod]
    public void Format_ErrorWithExceptionAndLineBreaks_AllOnOneLine()
    {
        var line = new System.Text.StringBuilder();
        var exception = new InvalidOperationException("bus" + Environment.NewLine + "gone");

        ConsoleLineLoggerProvider.Format(line, null, Noon, LogLevel.Error, "Edge.Hardware", new EventId(7), "first" + Environment.NewLine + "second",
            exception);

        Assert.AreEqual("fail: Edge.Hardware[7] first second System.InvalidOperationException: bus gone" + Environment.NewLine, line.ToString());
    }

    [TestMethod]
    [DataRow(LogLevel.Trace, "trce")]
    [DataRow(LogLevel.Debug, "dbug")]
    [DataRow(LogLevel.Warning, "warn")]
    [DataRow(LogLevel.Critical, "crit")]
    public void Format_Level_FourLetters(LogLevel level, string expected)
    {
        var line = new System.Text.StringBuilder();

        ConsoleLineLoggerProvider.Format(line, null, Noon, level, "c", default, "m", null);

        Assert.AreEqual(expected + ": c[0] m" + Environment.NewLine, line.ToString());
    }

    [TestMethod]
    public void Log_ThroughAFactoryWithConfiguredLevels_FilteredLinesOnTheWriter()
    {
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:Console:LogLevel:Noisy"] = "Warning", // by the provider's alias, as with the framework's console logger
        }).Build();
        var services = new ServiceCollection().AddLogging(b => b
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddProvider(new ConsoleLineLoggerProvider(null, output)));
        using var provider = services.BuildServiceProvider();
        var loggers = provider.GetRequiredService<ILoggerFactory>();

        Say(loggers.CreateLogger("Noisy"), LogLevel.Information, 0, "dropped");
        Say(loggers.CreateLogger("Noisy"), LogLevel.Warning, 0, "kept");
        Say(loggers.CreateLogger("Edge"), LogLevel.Debug, 0, "dropped");
        Say(loggers.CreateLogger("Edge"), LogLevel.Information, 5, "kept too");

        Assert.AreEqual("warn: Noisy[0] kept" + Environment.NewLine + "info: Edge[5] kept too" + Environment.NewLine, output.ToString());
    }

    private static void Say(ILogger logger, LogLevel level, int eventId, string text) =>
        logger.Log(level, new EventId(eventId), text, null, static (s, _) => s);
}
