using Edge.Agent.DemandResponse;
using Edge.Agent.Iot;
using Edge.Agent.Provisioning;
using Edge.Agent.Provisioning.Delegation;
using Edge.Things.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Json;

/// <summary>
/// The files in <c>Json/MainFormats</c> were written by main's System.Text.Json serializer (their README): each loads
/// with today's code into the values it was written from, and today's code writes the same values to the same bytes.
/// </summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix permissions: the agent runs on Linux devices
public sealed class MainFormatsTests
{
    private string _directory = null!;

    [TestInitialize]
    public void Create() => _directory = Directory.CreateTempSubdirectory("edge-formats-").FullName;

    [TestCleanup]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    private string Written(string name) => Path.Combine(_directory, name);

    private static void AssertSameBytes(string expectedFile, string actualFile) =>
        Assert.AreEqual(File.ReadAllText(expectedFile), File.ReadAllText(actualFile), $"{Path.GetFileName(expectedFile)} as main wrote it");

    private static ProvisioningState Claimed() => new()
    {
        Registry = "registry.localhost", Key = "Zk3_-aQ1bC9xYz0123456789abcdefgh", State = ProvisioningState.Claimed,
        Owner = "owner@localhost", Public = true, ClaimUri = "iotdisco:MAN=acme;KEY=Zk3_-aQ1bC9xYz0123456789abcdefgh",
        Tags = ["MAN=acme", "#V=1.2", "LOC=Bäckerei \"Nord\" <1> & 'B'"], KeyCleared = true,
    };

    [TestMethod]
    public void ProvisioningClaimed_LoadsAndWritesTheSameBytes()
    {
        Assert.IsTrue(ProvisioningState.TryLoad(MainFormats.Fixture("provisioning-claimed.json"), out var read, out var reason), reason);
        var expected = Claimed();
        Assert.AreEqual(expected.Registry, read.Registry);
        Assert.AreEqual(expected.Key, read.Key);
        Assert.AreEqual(expected.State, read.State);
        Assert.AreEqual(expected.Owner, read.Owner);
        Assert.IsTrue(read.Public);
        Assert.AreEqual(expected.ClaimUri, read.ClaimUri);
        CollectionAssert.AreEqual(expected.Tags, read.Tags);
        Assert.IsTrue(read.KeyCleared);

        expected.Save(Written("p.json"));
        AssertSameBytes(MainFormats.Fixture("provisioning-claimed.json"), Written("p.json"));
    }

    [TestMethod]
    public void ProvisioningRegistering_NullsLoadAndWriteTheSameBytes()
    {
        Assert.IsTrue(ProvisioningState.TryLoad(MainFormats.Fixture("provisioning-registering.json"), out var read, out var reason), reason);
        Assert.AreEqual("k1", read.Key);
        Assert.AreEqual(ProvisioningState.Registering, read.State);
        Assert.IsNull(read.Owner);
        Assert.IsNull(read.ClaimUri);
        Assert.IsNull(read.Tags);
        Assert.IsFalse(read.Public);

        new ProvisioningState { Registry = "registry.localhost", Key = "k1" }.Save(Written("p.json"));
        AssertSameBytes(MainFormats.Fixture("provisioning-registering.json"), Written("p.json"));
    }

    [TestMethod]
    public void Credentials_EscapedPasswordLoadsAndWritesTheSameBytes()
    {
        Assert.IsTrue(DeviceCredentials.TryLoad(MainFormats.Fixture("credentials.json"), out var read, out var reason), reason);
        Assert.AreEqual("edge-1a2b@localhost", read!.Jid);
        Assert.AreEqual("p+w/\"d\\é€\u0001", read.Password);
        Assert.IsTrue(read.IsRegistered);

        new DeviceCredentials { Jid = "edge-1a2b@localhost", Password = "p+w/\"d\\é€\u0001", State = DeviceCredentials.Registered }
            .Save(Written("c.json"));
        AssertSameBytes(MainFormats.Fixture("credentials.json"), Written("c.json"));
    }

    [TestMethod]
    public void DecisionCache_NullAndEmptyArraysLoadAndWriteTheSameBytes()
    {
        File.Copy(MainFormats.Fixture("provisioning-decisions.json"), Written(DecisionCache.FileName));
        var cache = new DecisionCache(_directory, 10, NullLogger.Instance);

        Assert.AreEqual(2, cache.Count);
        var all = cache.Get("provisioning.localhost", "a1")!;
        Assert.IsTrue(all.Allowed);
        Assert.IsNull(all.Nodes);
        Assert.IsNull(all.Fields);
        Assert.IsNull(all.Parameters);
        var some = cache.Get("provisioning.localhost", "b2")!;
        Assert.IsFalse(some.Allowed);
        CollectionAssert.AreEqual(new[] { "n1", "n2" }, some.Nodes);
        CollectionAssert.AreEqual(new[] { "Temperature", "Power" }, some.Fields);
        Assert.AreEqual(0, some.Parameters!.Length);

        new DecisionCacheFile
        {
            Service = "provisioning.localhost",
            Decisions =
            [
                new CachedDecision { Key = "a1", Allowed = true },
                new CachedDecision { Key = "b2", Allowed = false, Nodes = ["n1", "n2"], Fields = ["Temperature", "Power"], Parameters = [] },
            ],
        }.Save(Written("d.json"));
        AssertSameBytes(MainFormats.Fixture("provisioning-decisions.json"), Written("d.json"));
    }

    [TestMethod]
    public void DemandResponse_EveryReasonEventsAndEnergyLoadAndWriteTheSameBytes()
    {
        var read = new DemandResponseStateFile(MainFormats.Fixture("demand-response.json")).Load()!;
        var expected = MainFormats.DemandResponseSample();

        Assert.AreEqual(2, read.Version);
        Assert.AreEqual(4, read.Loads!.Count);
        for (int i = 0; i < 4; i++)
        {
            var (e, r) = (expected.Loads![i], read.Loads[i]);
            Assert.AreEqual((e.Node, e.ShedAt, e.ShedAt.Offset, e.Reason, e.Depth, e.Priority, e.RestoreAt), (r.Node, r.ShedAt, r.ShedAt.Offset, r.Reason, r.Depth, r.Priority, r.RestoreAt), e.Node);
        }

        Assert.AreEqual(2, read.Events!.Count);
        Assert.AreEqual(("evt-1", 4L, false), (read.Events[0].Id, read.Events[0].Modification, read.Events[0].Cancelled));
        CollectionAssert.AreEqual(expected.Events![0].Intervals.ToArray(), read.Events[0].Intervals.ToArray());
        Assert.AreEqual(("evt \"2\"", long.MaxValue, true, 0), (read.Events[1].Id, read.Events[1].Modification, read.Events[1].Cancelled, read.Events[1].Intervals.Count));
        Assert.AreEqual(new DateOnly(2026, 12, 6), read.EnergyDay);
        Assert.AreEqual(1234.5678, read.EnergyDayStartKwh);

        new DemandResponseStateFile(Written("dr.json")).Save(expected);
        AssertSameBytes(MainFormats.Fixture("demand-response.json"), Written("dr.json"));
    }

    [TestMethod]
    public void DemandResponse_EmptyAndVersion1_LoadAndEmptyWritesTheSameBytes()
    {
        var empty = new DemandResponseStateFile(MainFormats.Fixture("demand-response-empty.json")).Load()!;
        Assert.IsNull(empty.Loads);
        Assert.IsNull(empty.Events);
        Assert.IsNull(empty.EnergyDay);
        new DemandResponseStateFile(Written("dr.json")).Save(new DemandResponseStateDocument());
        AssertSameBytes(MainFormats.Fixture("demand-response-empty.json"), Written("dr.json"));

        var v1 = new DemandResponseStateFile(MainFormats.Fixture("demand-response-v1.json")).Load()!;
        Assert.AreEqual(1, v1.Version);
        Assert.AreEqual("boiler", v1.Loads!.Single().Node);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), v1.Loads![0].ShedAt);
        Assert.IsNull(v1.Loads![0].RestoreAt);
    }

    [TestMethod]
    public void DemandResponse_Version1OfTheFirstEngine_WithoutReason_LoadsAsAnEvent()
    {
        // The first engine's file (ShedRecord had no reason yet), as its serializer wrote it.
        File.WriteAllText(Written("dr.json"), """
            {
              "version": 1,
              "loads": [
                {
                  "node": "boiler",
                  "shedAt": "2026-01-02T03:04:05+00:00",
                  "depth": 4,
                  "priority": 2,
                  "restoreAt": "2026-01-02T04:00:00+00:00"
                }
              ]
            }
            """);

        var record = new DemandResponseStateFile(Written("dr.json")).Load()!.Loads!.Single();

        Assert.AreEqual((ShedReason.Event, 4, 2), (record.Reason, record.Depth, record.Priority));
        Assert.AreEqual(new DateTimeOffset(2026, 1, 2, 4, 0, 0, TimeSpan.Zero), record.RestoreAt);
    }

    [TestMethod]
    public void Settings_LoadAndWriteTheSameBytes()
    {
        Directory.CreateDirectory(Written("old"));
        File.Copy(MainFormats.Fixture("settings.json"), Path.Combine(Written("old"), "settings.json"));
        var loaded = new DeviceSettings(Written("old"), TimeSpan.FromSeconds(5), NullLogger.Instance);
        Assert.AreEqual(TimeSpan.FromSeconds(2.5), loaded.SampleInterval.Value);
        Assert.AreEqual(12500.5, loaded.ImportLimit.Value);
        Assert.IsTrue(loaded.LoadShedding.Value);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.FromHours(1)), loaded.ShedUntil.Value);
        Assert.AreEqual("Bäckerei \"Nord\", <cabinet> & 'B'\\ 😀", (string)loaded.Parameters.Single(p => p.Name == "Location").CurrentValue!);
        Assert.AreEqual(new ColorRgba(255, 128, 0, 200), loaded.Parameters.Single(p => p.Name == "IndicatorColor").CurrentValue);

        var settings = new DeviceSettings(Written("new"), TimeSpan.FromSeconds(5), NullLogger.Instance);
        var values = new Dictionary<string, object>
        {
            ["SampleInterval"] = TimeSpan.FromSeconds(2.5),
            ["Location"] = "Bäckerei \"Nord\", <cabinet> & 'B'\\ 😀",
            ["ImportLimit"] = 12500.5,
            ["LoadShedding"] = true,
            ["ShedUntil"] = new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.FromHours(1)),
            ["IndicatorColor"] = new ColorRgba(255, 128, 0, 200),
        };
        foreach (var p in settings.Parameters.Where(p => values.ContainsKey(p.Name)))
        {
            Assert.IsTrue(settings.TrySet(p, values[p.Name]).IsValid, p.Name);
        }

        AssertSameBytes(MainFormats.Fixture("settings.json"), Path.Combine(Written("new"), "settings.json"));
    }
}
