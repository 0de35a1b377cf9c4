using Edge.Agent.Provisioning.Delegation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Provisioning;

/// <summary>The device's XEP-0324 decision cache: bounded LRU, kept across restarts (0600), cleared whole, per service.</summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix permissions: the agent runs on Linux devices
public sealed class DecisionCacheTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("edge-decisions-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void Put_BeyondCapacity_LeastRecentlyUsedDropped()
    {
        var cache = new DecisionCache(_dir, 2, NullLogger.Instance);
        cache.Put("ps", new CachedDecision { Key = "a", Allowed = true });
        cache.Put("ps", new CachedDecision { Key = "b", Allowed = false });
        Assert.IsNotNull(cache.Get("ps", "a")); // a is now the most recently used

        cache.Put("ps", new CachedDecision { Key = "c", Allowed = true });

        Assert.AreEqual(2, cache.Count);
        Assert.IsNull(cache.Get("ps", "b"));
        Assert.IsTrue(cache.Get("ps", "a")!.Allowed);
    }

    [TestMethod]
    public void Restart_SameDirectory_DecisionsBackAndFilePrivate()
    {
        var cache = new DecisionCache(_dir, 10, NullLogger.Instance);
        cache.Put("ps.example.org", new CachedDecision { Key = DecisionCache.KeyOf(["canRead", "x@y"], ["TOKEN"]), Allowed = true, Fields = ["Temperature"] });

        var again = new DecisionCache(_dir, 10, NullLogger.Instance);

        var read = again.Get("ps.example.org", DecisionCache.KeyOf(["canRead", "x@y"], ["TOKEN"]));
        Assert.IsNotNull(read);
        CollectionAssert.AreEqual(new[] { "Temperature" }, read.Fields);
        var path = Path.Combine(_dir, DecisionCache.FileName);
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.IsFalse(File.ReadAllText(path).Contains("TOKEN", StringComparison.Ordinal), "tokens are hashed into the key, never kept in clear");
    }

    [TestMethod]
    public void Clear_Everything_GoneAlsoAfterRestart()
    {
        var cache = new DecisionCache(_dir, 10, NullLogger.Instance);
        cache.Put("ps", new CachedDecision { Key = "a", Allowed = true });

        cache.Clear();

        Assert.IsNull(cache.Get("ps", "a"));
        Assert.AreEqual(0, new DecisionCache(_dir, 10, NullLogger.Instance).Count);
    }

    [TestMethod]
    public void Get_AnotherService_NotAnswered()
    {
        var cache = new DecisionCache(_dir, 10, NullLogger.Instance);
        cache.Put("ps1", new CachedDecision { Key = "a", Allowed = true });

        Assert.IsNull(cache.Get("ps2", "a"));
        cache.Put("ps2", new CachedDecision { Key = "b", Allowed = true });
        Assert.IsNull(cache.Get("ps1", "a"), "answers of the previous service are dropped");
    }

    [TestMethod]
    public void Load_CorruptFile_EmptyCacheNoThrow()
    {
        File.WriteAllText(Path.Combine(_dir, DecisionCache.FileName), "{not json");

        var cache = new DecisionCache(_dir, 10, NullLogger.Instance);

        Assert.AreEqual(0, cache.Count);
        cache.Put("ps", new CachedDecision { Key = "a", Allowed = true });
        Assert.AreEqual(1, new DecisionCache(_dir, 10, NullLogger.Instance).Count, "the next write replaces the corrupt file");
    }
}
