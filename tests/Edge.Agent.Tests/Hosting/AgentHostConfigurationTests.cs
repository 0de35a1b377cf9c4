using System.Text.Json.Nodes;
using Edge.Agent.Hosting;

namespace Edge.Agent.Tests.Hosting;

/// <summary>Configuration faults through <see cref="AgentHost.Build(string, string?, IReadOnlyDictionary{string, string?}, out IReadOnlyList{string})"/>: errors, never exceptions.</summary>
[TestClass]
public sealed class AgentHostConfigurationTests
{
    // Line 3 has its second comma at 0-based byte 15: a human counts line 3, position 16.
    private const string BrokenJson = "{\n  \"Xmpp\": {\n    \"Port\": 12,,\n  }\n}\n";

    [TestMethod]
    public void Build_MalformedAppSettings_ErrorNamesFileLineAndPosition()
    {
        using var folder = new AgentFolder();
        var appSettings = folder.Write("appsettings.json", BrokenJson);

        using var host = AgentHost.Build(folder.Root, null, folder.ValidOverrides(), out var errors);

        Assert.IsNull(host);
        var error = errors.Single();
        StringAssert.StartsWith(error, appSettings + ": ");
        StringAssert.Contains(error, "line 3, position 16");
        Assert.IsFalse(error.Contains("LineNumber", StringComparison.Ordinal), "Only the 1-based position is shown: " + error);
    }

    [TestMethod]
    public void Build_MalformedConfigFile_ErrorNamesFileLineAndPosition()
    {
        using var folder = new AgentFolder();
        var extra = folder.Write("extra.json", BrokenJson);

        using var host = AgentHost.Build(folder.Root, extra, folder.ValidOverrides(), out var errors);

        Assert.IsNull(host);
        Assert.AreEqual(1, errors.Count, string.Join("\n", errors));
        StringAssert.StartsWith(errors[0], extra + ": not valid JSON at line 3, position 16: ");
    }

    [TestMethod]
    public void Build_MissingConfigFile_ErrorNamesItsFullPath()
    {
        using var folder = new AgentFolder();
        var missing = Path.Combine(folder.Root, "no-such-dir", "extra.json");

        using var host = AgentHost.Build(folder.Root, missing, folder.ValidOverrides(), out var errors);

        Assert.IsNull(host);
        Assert.AreEqual(missing + ": no such file.", errors.Single());
    }

    [TestMethod]
    public void Build_ConfigFileIsADirectory_ErrorNamesItAndNothingThrown()
    {
        using var folder = new AgentFolder();
        var directory = Path.Combine(folder.Root, "conf.d");
        Directory.CreateDirectory(directory);

        using var host = AgentHost.Build(folder.Root, directory, folder.ValidOverrides(), out var errors);

        Assert.IsNull(host);
        StringAssert.StartsWith(errors.Single(), directory + ": ");
    }

    [TestMethod]
    public void Build_DuplicateKeyInConfigFile_ErrorNamesFileAndKey()
    {
        using var folder = new AgentFolder();
        var extra = folder.Write("extra.json", "{ \"Xmpp\": { \"Port\": 1, \"port\": 2 } }");

        using var host = AgentHost.Build(folder.Root, extra, folder.ValidOverrides(), out var errors);

        Assert.IsNull(host);
        StringAssert.StartsWith(errors.Single(), extra + ": ");
        StringAssert.Contains(errors.Single(), "Xmpp:port");
    }

    [TestMethod]
    public void Build_TwoBadValuesInTwoSections_BothReportedWithKeyAndValue()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Port"] = "abc";
        overrides["Agent:SampleInterval"] = "xyz";

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNull(host);
        CollectionAssert.AreEqual(
            new[] { "Xmpp:Port 'abc' must be a whole number.", "Agent:SampleInterval 'xyz' must be a duration such as 00:00:05 (hh:mm:ss)." },
            errors.ToArray(), string.Join("\n", errors));
    }

    [TestMethod]
    public void Build_SeveralBadValuesInOneSection_EachReportedAndTheGoodOnesStillBound()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Port"] = "abc";
        overrides["Xmpp:AutoReconnect"] = "maybe";
        overrides["Agent:Outbox:Overflow"] = "DropAll";
        overrides["Agent:ReadoutMaxAge"] = "02:00:00"; // converts, but out of range: validation still sees it

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNull(host);
        var all = string.Join("\n", errors);
        StringAssert.Contains(all, "Xmpp:Port 'abc' must be a whole number.");
        StringAssert.Contains(all, "Xmpp:AutoReconnect 'maybe' must be true or false.");
        StringAssert.Contains(all, "Agent:Outbox:Overflow 'DropAll' must be a valid OutboxOverflow.");
        StringAssert.Contains(all, "Agent:ReadoutMaxAge '02:00:00' must be between");
        Assert.AreEqual(4, errors.Count, "The password and JID next to the bad port are bound, not reported missing:\n" + all);
    }

    [TestMethod]
    public void Build_ValidConfiguration_BuildsAHost()
    {
        using var folder = new AgentFolder();

        using var host = AgentHost.Build(folder.Root, null, folder.ValidOverrides(), out var errors);

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        Assert.IsNotNull(host);
    }

    [TestMethod]
    public void Build_MistypedDeadbands_EachReportedByKey()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Agent:Reporting:Deadbands:climate:Absolute"] = "abc";
        overrides["Agent:Reporting:Deadbands:climate/Temperature:Relativ"] = "0.01";

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNull(host);
        CollectionAssert.AreEquivalent(new[]
        {
            "Agent:Reporting:Deadbands:climate:Absolute 'abc' must be a number.",
            "Agent:Reporting:Deadbands:climate/Temperature:Relativ is not a deadband setting (Absolute, Relative).",
        }, errors.ToArray());
    }

    [TestMethod]
    public void Build_Deadbands_BoundIntoTheReportingOptions()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Agent:Reporting:Deadbands:climate:Absolute"] = "0.5";
        overrides["Agent:Reporting:Deadbands:climate/Temperature:Relative"] = "0.01";

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNotNull(host, string.Join("\n", errors));
        var reporting = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<AgentOptions>>(host.Services).Value.Reporting;
        Assert.AreEqual(0.5, reporting.Deadbands["climate"].Absolute);
        Assert.AreEqual(0.01, reporting.Deadbands["climate/Temperature"].Relative);
    }

    [TestMethod]
    [DataRow(null, "HH:mm:ss ")]
    [DataRow("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz ", "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz ")]
    public void Build_ConsoleTimestampFormat_SecondsUnlessConfigured(string? configured, string expected)
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Logging:Console:FormatterOptions:TimestampFormat"] = configured;

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNotNull(host, string.Join("\n", errors));
        var console = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetServices<Microsoft.Extensions.Logging.ILoggerProvider>(host.Services).OfType<ConsoleLineLoggerProvider>().Single();
        Assert.AreEqual(expected, console.TimestampFormat);
    }

    [TestMethod]
    public void Build_LoggingLevelsFromAppSettings_FilterTheAgentsLoggers()
    {
        using var folder = new AgentFolder();
        EditAppSettings(folder, json => json["Logging"] = JsonNode.Parse("""
            { "LogLevel": { "Default": "Warning", "Edge.Agent.Publishing": "Debug" } }
            """));

        using var host = AgentHost.Build(folder.Root, null, folder.ValidOverrides(), out var errors);

        Assert.IsNotNull(host, string.Join("\n", errors));
        var loggers = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(host.Services);
        var other = loggers.CreateLogger("Edge.Xmpp");
        var publishing = loggers.CreateLogger("Edge.Agent.Publishing.PublisherService");
        Assert.IsFalse(other.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information), "Default: Warning");
        Assert.IsTrue(other.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning));
        Assert.IsTrue(publishing.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug), "Edge.Agent.Publishing: Debug");
    }

    [TestMethod]
    public void Build_Sources_AppSettingsThenConfigFileThenEnvironmentThenSet()
    {
        using var folder = new AgentFolder();
        EditAppSettings(folder, json => json["Agent"]!["Reporting"]!["Deadbands"] = JsonNode.Parse("""
            { "a": { "Absolute": 1 }, "b": { "Absolute": 1 }, "c": { "Absolute": 1 }, "d": { "Absolute": 1 } }
            """));
        var extra = folder.Write("extra.json", """
            { "Agent": { "Reporting": { "Deadbands": { "b": { "Absolute": 2 }, "c": { "Absolute": 2 }, "d": { "Absolute": 2 } } } } }
            """);
        var overrides = folder.ValidOverrides();
        overrides["Agent:Reporting:Deadbands:d:Absolute"] = "4";
        const string Variable = "Agent__Reporting__Deadbands__c__Absolute";
        Environment.SetEnvironmentVariable(Variable, "3");
        try
        {
            using var host = AgentHost.Build(folder.Root, extra, overrides, out var errors);

            Assert.IsNotNull(host, string.Join("\n", errors));
            var deadbands = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Microsoft.Extensions.Options.IOptions<AgentOptions>>(host.Services).Value.Reporting.Deadbands;
            CollectionAssert.AreEqual(new double[] { 1, 2, 3, 4 },
                new[] { "a", "b", "c", "d" }.Select(n => deadbands[n].Absolute).ToArray());
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    /// <summary>Changes the folder's copy of the repository's appsettings.json (every other key kept).</summary>
    private static void EditAppSettings(AgentFolder folder, Action<JsonNode> edit)
    {
        var path = Path.Combine(folder.Root, "appsettings.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
