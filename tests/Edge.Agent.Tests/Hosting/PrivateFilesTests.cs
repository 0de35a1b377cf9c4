using System.Runtime.Versioning;
using Edge.Agent.Hosting;

namespace Edge.Agent.Tests.Hosting;

[TestClass]
[UnsupportedOSPlatform("windows")] // Unix permissions and umask: the agent runs on Linux devices
public sealed class PrivateFilesTests
{
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task EdgeRun_FilesItWritesInTheDataDirectory_0600AndDirectories0700()
    {
        using var folder = new AgentFolder();
        Directory.CreateDirectory(folder.DataDirectory);
        File.SetUnixFileMode(folder.DataDirectory, (UnixFileMode)0x1ED); // 0755, as an installer might leave it
        var args = folder.RunArguments("--duration", "2");
        // The agent inherits the test's umask: the usual 022, under which its files would be 0644 but for its own.
        var umask = PrivateFiles.SetUmask(0x12);
        (int ExitCode, string Output, string Error) run;
        try
        {
            run = await EdgeProcess.RunAsync(AppContext.BaseDirectory, folder.Root, args, TestContext.CancellationTokenSource.Token);
        }
        finally
        {
            PrivateFiles.SetUmask(umask);
        }

        Assert.AreEqual(0, run.ExitCode, run.Output + run.Error);
        var files = Directory.GetFiles(folder.DataDirectory, "*", SearchOption.AllDirectories);
        var directories = Directory.GetDirectories(folder.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.IsTrue(files.Length > 0, "The simulated DS18B20 writes its w1_slave file into the data directory at start.");
        Assert.AreEqual(PrivateFiles.DirectoryMode, File.GetUnixFileMode(folder.DataDirectory), "The data directory itself");
        foreach (var file in files)
        {
            Assert.AreEqual(FileMode600, File.GetUnixFileMode(file), file);
        }

        foreach (var directory in directories)
        {
            Assert.AreEqual(PrivateFiles.DirectoryMode, File.GetUnixFileMode(directory), directory);
        }
    }

    [TestMethod]
    public void Build_DataDirectory0755_Chmodded0700WithoutTouchingTheUmask()
    {
        using var folder = new AgentFolder();
        Directory.CreateDirectory(folder.DataDirectory);
        File.SetUnixFileMode(folder.DataDirectory, (UnixFileMode)0x1ED);
        var umask = PrivateFiles.SetUmask(0x12);
        try
        {
            using var host = AgentHost.Build(folder.Root, null, folder.ValidOverrides(), out var errors);

            Assert.IsNotNull(host, string.Join("\n", errors));
            Assert.AreEqual(PrivateFiles.DirectoryMode, File.GetUnixFileMode(folder.DataDirectory));
            Assert.AreEqual(0x12u, PrivateFiles.SetUmask(0x12), "Build leaves the process umask alone (in-process test hosts).");
        }
        finally
        {
            PrivateFiles.SetUmask(umask);
        }
    }

    [TestMethod]
    public void Build_DataDirectoryMissing_CreatedWithItsParentsAnd0700()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        var nested = Path.Combine(folder.Root, "var", "lib", "edge");
        overrides["Agent:DataDirectory"] = nested;

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNotNull(host, string.Join("\n", errors));
        Assert.AreEqual(PrivateFiles.DirectoryMode, File.GetUnixFileMode(nested));
    }

    [TestMethod]
    public void Build_DataDirectoryIsAFile_InvalidConfigurationNamingTheKey()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Agent:DataDirectory"] = folder.Write("not-a-directory", "x");

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNull(host);
        StringAssert.StartsWith(errors.Single(), "Agent:DataDirectory '");
        StringAssert.Contains(errors.Single(), "is a file");
    }

    [TestMethod]
    public void SetUmask_ReturnsThePreviousMask()
    {
        var original = PrivateFiles.SetUmask(PrivateFiles.PrivateUmask);
        try
        {
            Assert.AreEqual(PrivateFiles.PrivateUmask, PrivateFiles.SetUmask(0x12));
            Assert.AreEqual(0x12u, PrivateFiles.SetUmask(0x12));
        }
        finally
        {
            PrivateFiles.SetUmask(original);
        }
    }
}
