using System.Text;
using System.Text.Json;
using Edge.Agent.DemandResponse;
using Edge.Agent.Internal;
using Edge.Agent.Provisioning;
using Edge.Agent.Provisioning.Delegation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Json;

/// <summary>The agent's JSON data files without a serializer: what a damaged, older or newer file does, and round trips.</summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix permissions: the agent runs on Linux devices
public sealed class JsonDataFileTests
{
    private string _directory = null!;

    [TestInitialize]
    public void Create() => _directory = Directory.CreateTempSubdirectory("edge-jsonfile-").FullName;

    [TestCleanup]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    private string FilePath(string name = "f.json") => Path.Combine(_directory, name);

    private string WriteFile(string text, string name = "f.json")
    {
        File.WriteAllText(FilePath(name), text);
        return FilePath(name);
    }

    private static string LoadError(string path) =>
        Assert.ThrowsExactly<JsonException>(() => new DemandResponseStateFile(path).Load()).Message;

    [TestMethod]
    public void TryRead_EveryTruncationOfCredentials_NotValidJsonWithPositionNeverTheSecret()
    {
        byte[] whole = File.ReadAllBytes(MainFormats.Fixture("credentials.json"));
        for (int length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(FilePath(), whole[..length]);

            Assert.IsFalse(DeviceCredentials.TryLoad(FilePath(), out _, out var reason), $"{length} bytes");

            StringAssert.StartsWith(reason, "is not valid JSON at line ", $"{length} bytes");
            foreach (string secret in (string[])["p\\u002Bw", "\\u0022d", "edge-1a2b"])
            {
                Assert.IsFalse(reason.Contains(secret, StringComparison.Ordinal), $"{length} bytes: {reason}");
            }
        }
    }

    [TestMethod]
    public void Load_TruncatedDemandResponseState_LineAndByteOfTheEnd()
    {
        string whole = File.ReadAllText(MainFormats.Fixture("demand-response.json"));
        // Cut where line 7 starts its property (6 spaces in): the reader reaches the end there.
        string path = WriteFile(whole[..whole.IndexOf("\"reason\": \"Event\"", StringComparison.Ordinal)]);

        Assert.AreEqual("not valid JSON at line 7, byte 7", LoadError(path));
    }

    [TestMethod]
    public void Load_PropertyOfTheWrongKind_ItsPathAndWhatWasExpected()
    {
        Assert.AreEqual("$.loads[1].shedAt: expected a date and time, found a number",
            LoadError(WriteFile("""{"version":2,"loads":[{"node":"a"},{"node":"b","shedAt":12}]}""")));
        Assert.AreEqual("$.events[0].intervals[0].depth: expected a 32-bit integer, found a number",
            LoadError(WriteFile("""{"version":2,"events":[{"id":"e","intervals":[{"depth":1.5}]}]}""")));
        Assert.AreEqual("$.loads[0].reason: expected one of Event, QuietHours, EnergyBudget, ImportLimit, found a string",
            LoadError(WriteFile("""{"version":2,"loads":[{"reason":"Sleeping"}]}""")));
        Assert.AreEqual("$.energyDay: expected a date (yyyy-MM-dd), found a string",
            LoadError(WriteFile("""{"version":2,"energyDay":"6.12.2026"}""")));
        Assert.AreEqual("$.loads: expected an array of objects, found an object",
            LoadError(WriteFile("""{"version":2,"loads":{}}""")));
        Assert.AreEqual("$.loads[0]: expected an object, found a string",
            LoadError(WriteFile("""{"version":2,"loads":["boiler"]}""")));
        Assert.AreEqual("$: expected an object, found an array", LoadError(WriteFile("[]")));
        Assert.AreEqual("unsupported state version 3", LoadError(WriteFile("""{"version":3}""")));
        Assert.AreEqual("unsupported state version 0", LoadError(WriteFile("{}")));
    }

    [TestMethod]
    public void Load_UnknownPropertiesNullsByteOrderMarkAndReasonSpellings_Accepted()
    {
        // A newer version's extra properties, nulls where values were, an editor's BOM, a reason in another case or as its number.
        string json = """
            {"version":2,"future":{"x":[1,2]},"loads":[
              {"node":"a","shedAt":"2026-12-06T18:00:00Z","reason":"importlimit","depth":null,"extra":true},
              {"node":"b","shedAt":"2026-12-06T18:00:00Z","reason":2}],
             "events":null,"energyDayStartKwh":null}
            """;
        File.WriteAllBytes(FilePath(), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(json)]);

        var document = new DemandResponseStateFile(FilePath()).Load()!;

        Assert.AreEqual(ShedReason.ImportLimit, document.Loads![0].Reason);
        Assert.AreEqual(0, document.Loads[0].Depth);
        Assert.AreEqual(ShedReason.EnergyBudget, document.Loads[1].Reason);
        Assert.IsNull(document.Events);
        Assert.AreEqual(0.0, document.EnergyDayStartKwh);
    }

    [TestMethod]
    public void TryLoad_CredentialsWithAWrongKind_PathInTheReasonNeverTheSecret()
    {
        string path = WriteFile("""{ "jid": "a@localhost", "password": "s3cret-pw", "state": 5 }""");

        Assert.IsFalse(DeviceCredentials.TryLoad(path, out _, out var reason));

        Assert.AreEqual("is not valid: $.state: expected a string, found a number", reason);
    }

    [TestMethod]
    public void TryLoad_CredentialsWithoutState_PendingAsTheSerializerDefaulted()
    {
        string path = WriteFile("""{ "jid": "a@localhost", "password": "pw" }""");

        Assert.IsTrue(DeviceCredentials.TryLoad(path, out var credentials, out var reason), reason);

        Assert.AreEqual(DeviceCredentials.Pending, credentials!.State);
    }

    [TestMethod]
    public void TryRead_MissingOrADirectory_ReasonSaysSo()
    {
        Assert.IsFalse(JsonDataFile.TryRead(FilePath(), o => o.String("x") ?? string.Empty, out _, out var missing));
        Assert.AreEqual(JsonDataFile.Missing, missing);
        Assert.IsFalse(JsonDataFile.TryRead(Path.Combine(_directory, "no", "f.json"), o => o.String("x") ?? string.Empty, out _, out var noDirectory));
        Assert.AreEqual(JsonDataFile.Missing, noDirectory);

        Assert.IsFalse(JsonDataFile.TryRead(_directory, o => o.String("x") ?? string.Empty, out _, out var directory));
        StringAssert.StartsWith(directory, "cannot be read: ");
    }

    [TestMethod]
    public void DecisionCache_WrongKindInside_LoggedAndEmpty()
    {
        WriteFile("""{"service":"ps","decisions":[{"key":"a","allowed":"yes"}]}""", DecisionCache.FileName);
        using var logs = new Edge.Testing.Logging.ListLoggerFactory();

        var cache = new DecisionCache(_directory, 10, logs);

        Assert.AreEqual(0, cache.Count);
        var entry = logs.Entries.Single(e => e.EventId == 2200);
        Assert.AreEqual($"Provisioning: the decision cache {Path.Combine(_directory, DecisionCache.FileName)} is not valid: "
            + "$.decisions[0].allowed: expected true or false, found a string; starting with an empty cache", entry.Message);
    }

    [TestMethod]
    public void Write_DemandResponseState_RoundTripsAnd0600()
    {
        var file = new DemandResponseStateFile(FilePath("dr.json"));
        var sample = MainFormats.DemandResponseSample();

        file.Save(sample);
        var read = file.Load()!;
        file.Save(read);

        Assert.AreEqual(File.ReadAllText(MainFormats.Fixture("demand-response.json")), File.ReadAllText(FilePath("dr.json")));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath("dr.json")));
        Assert.IsFalse(File.Exists(FilePath("dr.json") + ".tmp"));
    }

    [TestMethod]
    public void Write_DecisionCacheOfAThousand_RoundTrips()
    {
        var cache = new DecisionCache(_directory, DecisionCache.DefaultCapacity, NullLogger.Instance);
        for (int i = 0; i < DecisionCache.DefaultCapacity; i++)
        {
            cache.Put("ps", new CachedDecision
            {
                Key = DecisionCache.KeyOf([i.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
                Allowed = i % 2 == 0,
                Nodes = i % 3 == 0 ? null : ["n" + i, "ü\"" + i],
                Fields = i % 5 == 0 ? [] : null,
            });
        }

        var again = new DecisionCache(_directory, DecisionCache.DefaultCapacity, NullLogger.Instance);

        Assert.AreEqual(DecisionCache.DefaultCapacity, again.Count);
        var seven = again.Get("ps", DecisionCache.KeyOf(["7"]))!;
        Assert.IsFalse(seven.Allowed);
        CollectionAssert.AreEqual(new[] { "n7", "ü\"7" }, seven.Nodes);
        Assert.IsNull(seven.Fields);
        Assert.AreEqual(0, again.Get("ps", DecisionCache.KeyOf(["10"]))!.Fields!.Length);
    }
}
