using Edge.Agent.Hosting;
using Edge.Agent.Provisioning;
using Edge.Agent.Tests.Hosting;
using Edge.Xmpp;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Agent.Tests.Provisioning;

/// <summary>First boot's local step, through <see cref="AgentHost.Build(string, string?, IReadOnlyDictionary{string, string?}, out IReadOnlyList{string})"/>.</summary>
[TestClass]
public sealed class FirstBootHostTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task EdgeRun_NoPasswordServerUnreachable_PendingFile0600RetriedPasswordNeverPrinted()
    {
        using var folder = new AgentFolder();
        var args = folder.RunArguments("--set", "Xmpp:Password=", "--set", "Xmpp:ReconnectInitialDelay=00:00:00.200", "--duration", "3");
        // The agent inherits the test's umask: under 022 a file it did not make private itself would be 0644.
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
        var path = Path.Combine(folder.DataDirectory, DeviceCredentials.FileName);
        Assert.IsTrue(DeviceCredentials.TryLoad(path, out var stored, out var reason), reason);
        Assert.AreEqual("pending", stored!.State, "the server was never reached");
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var printed = run.Output + run.Error;
        StringAssert.Contains(printed, "First boot: creating account agent@localhost on localhost via 127.0.0.1:1");
        StringAssert.Contains(printed, "First boot: registration did not complete");
        Assert.IsFalse(printed.Contains(stored.Password, StringComparison.Ordinal), "The password was printed:\n" + printed);
    }

    [TestMethod]
    public void Build_NoPasswordAnywhere_HostBuiltWithPendingCredentialsFileMode0600()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Password"] = null;

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        Assert.IsNotNull(host);
        var path = Path.Combine(folder.DataDirectory, DeviceCredentials.FileName);
        Assert.IsTrue(DeviceCredentials.TryLoad(path, out var stored, out var reason), reason);
        Assert.AreEqual("pending", stored!.State);
        Assert.AreEqual("agent@localhost", stored.Jid);
        Assert.AreEqual(stored.Password, host.Services.GetRequiredService<XmppClient>().Options.Password);
        Assert.IsFalse(host.Services.GetRequiredService<FirstBoot>().IsRegistered);
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.IsFalse(File.Exists(path + ".tmp"));
    }

    [TestMethod]
    public void Build_SecondStart_SameStoredPasswordNotANewOne()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Password"] = null;
        string first;
        using (var host = AgentHost.Build(folder.Root, null, overrides, out _))
        {
            first = host!.Services.GetRequiredService<XmppClient>().Options.Password;
        }

        using var again = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        Assert.AreEqual(first, again!.Services.GetRequiredService<XmppClient>().Options.Password);
    }

    [TestMethod]
    public void Build_PasswordConfigured_NoCredentialsFileAndNoFirstBoot()
    {
        using var folder = new AgentFolder();

        using var host = AgentHost.Build(folder.Root, null, folder.ValidOverrides(), out var errors);

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        Assert.IsFalse(File.Exists(Path.Combine(folder.DataDirectory, DeviceCredentials.FileName)));
        Assert.IsNull(host!.Services.GetService<FirstBoot>());
        Assert.AreEqual("test-secret", host.Services.GetRequiredService<XmppClient>().Options.Password);
    }

    [TestMethod]
    public void Build_PasswordConfiguredAndCredentialsFilePresent_ConfiguredWinsFileUntouched()
    {
        using var folder = new AgentFolder();
        Directory.CreateDirectory(folder.DataDirectory);
        var path = Path.Combine(folder.DataDirectory, DeviceCredentials.FileName);
        new DeviceCredentials { Jid = "agent@localhost", Password = "from-first-boot", State = "pending" }.Save(path);
        var before = File.ReadAllText(path);

        using var host = AgentHost.Build(folder.Root, null, folder.ValidOverrides(), out _);

        Assert.AreEqual("test-secret", host!.Services.GetRequiredService<XmppClient>().Options.Password);
        Assert.AreEqual(before, File.ReadAllText(path));
    }

    [TestMethod]
    public void Build_CredentialsFileForAnotherJid_ErrorNamingXmppJidAndFile()
    {
        using var folder = new AgentFolder();
        Directory.CreateDirectory(folder.DataDirectory);
        var path = Path.Combine(folder.DataDirectory, DeviceCredentials.FileName);
        new DeviceCredentials { Jid = "other@localhost", Password = "p", State = "registered" }.Save(path);
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Password"] = null;

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNull(host);
        StringAssert.StartsWith(errors.Single(), $"Xmpp:Jid 'agent@localhost' differs from the account 'other@localhost' in '{path}'");
    }

    [TestMethod]
    public void Build_CredentialsFileCorrupt_ErrorNamingFileNeverTheContent()
    {
        using var folder = new AgentFolder();
        Directory.CreateDirectory(folder.DataDirectory);
        var path = Path.Combine(folder.DataDirectory, DeviceCredentials.FileName);
        File.WriteAllText(path, "{ \"jid\": \"agent@localhost\", \"password\": \"leaked-secret\", ");
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Password"] = null;

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNull(host);
        var error = errors.Single();
        StringAssert.Contains(error, path + "' is not valid JSON");
        Assert.IsFalse(error.Contains("leaked-secret", StringComparison.Ordinal), error);
    }

    [TestMethod]
    public void Generate_TwoDevices_DistinctUrlSafePasswordsOf192Bits()
    {
        var a = DeviceCredentials.Generate("a@b").Password;
        var b = DeviceCredentials.Generate("a@b").Password;

        Assert.AreNotEqual(a, b);
        Assert.AreEqual(32, a.Length); // 24 random bytes in base64 without padding
        Assert.IsTrue(a.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), a);
    }
}
