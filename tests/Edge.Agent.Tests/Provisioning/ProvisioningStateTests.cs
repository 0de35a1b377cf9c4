using Edge.Agent.Provisioning;

namespace Edge.Agent.Tests.Provisioning;

[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix permissions: the agent runs on Linux devices
public sealed class ProvisioningStateTests
{
    private string _directory = null!;

    [TestInitialize]
    public void Create() => _directory = Directory.CreateTempSubdirectory("edge-prov-").FullName;

    [TestCleanup]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    private string FilePath => Path.Combine(_directory, ProvisioningState.FileName);

    [TestMethod]
    public void Save_New_Mode0600AndNoTemporaryLeft()
    {
        new ProvisioningState { Registry = "registry.localhost", Key = ProvisioningState.NewKey() }.Save(FilePath);

        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        CollectionAssert.AreEqual(new[] { ProvisioningState.FileName }, Directory.GetFiles(_directory).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void Save_OverAnOldFileAndAStaleTemporary_ReplacesWhole0600()
    {
        File.WriteAllText(FilePath, "{ \"old\": true, \"padding\": \"" + new string('x', 4096) + "\" }");
        File.WriteAllText(FilePath + ".tmp", "torn");
        File.SetUnixFileMode(FilePath + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var state = new ProvisioningState { Registry = "registry.localhost", Key = "k1", State = ProvisioningState.Claimed, Owner = "o@localhost" };

        state.Save(FilePath);

        Assert.IsTrue(ProvisioningState.TryLoad(FilePath, out var read, out var reason), reason);
        Assert.AreEqual("k1", read.Key);
        Assert.AreEqual("o@localhost", read.Owner);
        Assert.IsTrue(read.IsOwned);
        Assert.IsFalse(File.Exists(FilePath + ".tmp"));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
    }

    [TestMethod]
    public void TryLoad_SavedRegistered_SameKeyBack()
    {
        var key = ProvisioningState.NewKey();
        new ProvisioningState { Registry = "registry.localhost", Key = key, State = ProvisioningState.Registered, ClaimUri = "iotdisco:KEY=" + key }
            .Save(FilePath);

        Assert.IsTrue(ProvisioningState.TryLoad(FilePath, out var read, out _));
        Assert.AreEqual(key, read.Key, "a restart registers with the KEY it printed before");
        Assert.AreEqual(ProvisioningState.Registered, read.State);
        Assert.IsFalse(read.IsOwned);
        Assert.IsFalse(read.ToString().Contains(key, StringComparison.Ordinal), "the KEY is not in ToString");
    }

    [TestMethod]
    public void TryLoad_MissingGarbledOrWithoutKey_FalseWithReasonNotContent()
    {
        Assert.IsFalse(ProvisioningState.TryLoad(FilePath, out _, out var missing));
        Assert.AreEqual("does not exist", missing);

        File.WriteAllText(FilePath, "{ \"key\": \"secret-value");
        Assert.IsFalse(ProvisioningState.TryLoad(FilePath, out _, out var garbled));
        Assert.IsFalse(garbled.Contains("secret-value", StringComparison.Ordinal));

        File.WriteAllText(FilePath, "{ \"state\": \"registered\" }");
        Assert.IsFalse(ProvisioningState.TryLoad(FilePath, out _, out _));
        File.WriteAllText(FilePath, "{ \"key\": \"k\", \"state\": \"sleeping\" }");
        Assert.IsFalse(ProvisioningState.TryLoad(FilePath, out _, out _));
    }

    [TestMethod]
    public void NewKey_AtLeast128RandomBitsAndNothingTheClaimUriEscapes()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ProvisioningState.NewKey()).ToList();
        Assert.AreEqual(100, keys.Distinct(StringComparer.Ordinal).Count());
        foreach (var key in keys)
        {
            Assert.IsTrue(key.Length * 6 >= 128, key);
            Assert.IsTrue(key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), key);
        }
    }
}
