using System.Runtime.Versioning;
using Edge.Agent.Hosting;

namespace Edge.Agent.Tests.Hosting;

[TestClass]
[UnsupportedOSPlatform("windows")] // Unix permissions and umask; each test is inconclusive on Windows
public sealed class PrivateFilesTests
{
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(30_000)]
    public async Task StartedHost_FilesItWritesInTheDataDirectory_0600AndDirectories0700()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Unix permissions.");
        }

        var ct = TestContext.CancellationTokenSource.Token;
        using var folder = new AgentFolder();
        Directory.CreateDirectory(folder.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(folder.DataDirectory, (UnixFileMode)0x1ED); // 0755, as an installer might leave it
        PrivateFiles.SetUmask(0x12); // 022, the usual default: without the agent's own umask files would be 0644

        using var host = AgentHost.Build(folder.Root, null, folder.ValidOverrides(), out var errors);
        Assert.IsNotNull(host, string.Join("\n", errors));
        await host.StartAsync(ct);
        try
        {
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
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [TestMethod]
    public void Build_DataDirectoryMissing_Created0700WithItsParents()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Unix permissions.");
        }

        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        var nested = Path.Combine(folder.Root, "var", "lib", "edge");
        overrides["Agent:DataDirectory"] = nested;

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNotNull(host, string.Join("\n", errors));
        Assert.AreEqual(PrivateFiles.DirectoryMode, File.GetUnixFileMode(nested));
        Assert.AreEqual(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(nested)!));
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
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("No umask on Windows.");
        }

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
