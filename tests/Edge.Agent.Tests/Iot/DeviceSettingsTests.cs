using Edge.Agent.Iot;
using Edge.Things.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Iot;

[TestClass]
public sealed class DeviceSettingsTests
{
    public TestContext TestContext { get; set; } = null!;

    private string Data => Path.Combine(TestContext.TestRunDirectory!, "settings-" + TestContext.TestName);

    [TestMethod]
    public void Parameters_CoverAllTenControlTypes()
    {
        var settings = new DeviceSettings(Data, TimeSpan.FromSeconds(5), NullLogger.Instance);

        CollectionAssert.AreEquivalent(Enum.GetValues<ControlParameterType>(), settings.Parameters.Select(p => p.Type).Distinct().ToArray());
        Assert.AreEqual(TimeSpan.FromSeconds(5), settings.SampleInterval.Value);
    }

    [TestMethod]
    public void TrySet_Valid_SavedAndReloadedAfterRestart()
    {
        var settings = new DeviceSettings(Data, TimeSpan.FromSeconds(5), NullLogger.Instance);
        var changed = new List<string>();
        settings.Changed += (_, p) => changed.Add(p.Name);
        var values = new Dictionary<string, object>
        {
            ["SampleInterval"] = TimeSpan.FromSeconds(2),
            ["Location"] = "Substation 7, cabinet B",
            ["ImportLimit"] = 12500.5,
            ["LoadShedding"] = true,
            ["ShedPriority"] = 2,
            ["EnergyBudget"] = 9_000_000_000L,
            ["QuietHoursStart"] = new TimeOnly(21, 30, 15),
            ["TariffChangeDate"] = new DateOnly(2027, 4, 1),
            ["ShedUntil"] = new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero),
            ["IndicatorColor"] = new ColorRgba(255, 128, 0, 200),
        };

        foreach (var (name, value) in values)
        {
            var result = settings.TrySet(settings.Parameters.Single(p => p.Name == name), value);
            Assert.IsTrue(result.IsValid, $"{name}: {result}");
        }

        var reloaded = new DeviceSettings(Data, TimeSpan.FromSeconds(5), NullLogger.Instance);
        foreach (var (name, value) in values)
        {
            Assert.AreEqual(value, reloaded.Parameters.Single(p => p.Name == name).CurrentValue, name);
        }

        CollectionAssert.AreEqual(values.Keys.ToArray(), changed);
    }

    [TestMethod]
    public void TrySet_OutOfRange_RefusedUnchangedNotSaved()
    {
        var settings = new DeviceSettings(Data, TimeSpan.FromSeconds(5), NullLogger.Instance);
        var priority = settings.Parameters.Single(p => p.Name == "ShedPriority");

        var result = settings.TrySet(priority, 10);

        Assert.AreEqual(ControlValidationError.AboveMaximum, result.Error);
        Assert.AreEqual(5, priority.CurrentValue);
        Assert.IsFalse(File.Exists(Path.Combine(Data, "settings.json")), "a refused value writes nothing");
    }

    [TestMethod]
    public void Load_CorruptOrInvalidFile_DefaultsKeptForBadEntries()
    {
        Directory.CreateDirectory(Data);
        File.WriteAllText(Path.Combine(Data, "settings.json"), """{ "ShedPriority": "42", "Location": "roof", "ImportLimit": "lots" }""");

        var settings = new DeviceSettings(Data, TimeSpan.FromSeconds(5), NullLogger.Instance);

        Assert.AreEqual(5, settings.Parameters.Single(p => p.Name == "ShedPriority").CurrentValue, "out of range: default kept");
        Assert.AreEqual(0.0, settings.Parameters.Single(p => p.Name == "ImportLimit").CurrentValue, "unparsable: default kept");
        Assert.AreEqual("roof", settings.Parameters.Single(p => p.Name == "Location").CurrentValue);

        File.WriteAllText(Path.Combine(Data, "settings.json"), "{ not json");
        var fresh = new DeviceSettings(Data, TimeSpan.FromSeconds(3), NullLogger.Instance);
        Assert.AreEqual(TimeSpan.FromSeconds(3), fresh.SampleInterval.Value);
    }

    [TestMethod]
    public void Load_ValueNotAString_ThatSettingIgnoredAndLoggedTheOthersRead()
    {
        Directory.CreateDirectory(Data);
        File.WriteAllText(Path.Combine(Data, "settings.json"), """{ "ShedPriority": 3, "Location": "roof", "Future": [1] }""");
        using var logs = new Edge.Testing.Logging.ListLoggerFactory();

        var settings = new DeviceSettings(Data, TimeSpan.FromSeconds(5), logs.CreateLogger("settings"));

        Assert.AreEqual(5, settings.Parameters.Single(p => p.Name == "ShedPriority").CurrentValue, "a number, not the string it is kept as: default kept");
        Assert.AreEqual("roof", settings.Parameters.Single(p => p.Name == "Location").CurrentValue);
        Assert.AreEqual($"Setting ShedPriority in {Path.Combine(Data, "settings.json")} ignored: $.ShedPriority: expected a string, found a number",
            logs.Entries.Single(e => e.EventId == 2041).Message);
    }

    [TestMethod]
    public void Load_TruncatedFile_LoggedWithItsPositionDefaultsKept()
    {
        Directory.CreateDirectory(Data);
        File.WriteAllText(Path.Combine(Data, "settings.json"), "{\n  \"Location\": \"ro");
        using var logs = new Edge.Testing.Logging.ListLoggerFactory();

        var settings = new DeviceSettings(Data, TimeSpan.FromSeconds(5), logs.CreateLogger("settings"));

        Assert.AreEqual(string.Empty, settings.Parameters.Single(p => p.Name == "Location").CurrentValue);
        Assert.AreEqual($"Settings file {Path.Combine(Data, "settings.json")} is unreadable (not valid JSON at line 2, byte 18); using defaults",
            logs.Entries.Single(e => e.EventId == 2042).Message);
    }
}
