using Edge.Agent.Hosting;
using Edge.Xmpp;
using Microsoft.Extensions.Configuration;

namespace Edge.Agent.Tests.Hosting;

[TestClass]
public sealed class XmppPasswordTests
{
    private const string Secret = "s3cr3t with spaces";

    [TestMethod]
    public void Resolve_PasswordFile_FirstLineWithoutItsLineEnd()
    {
        using var folder = new AgentFolder();
        var file = folder.Write("password", Secret + "\r\nsecond line\n");

        var (xmpp, errors) = Resolve(new() { ["Xmpp:PasswordFile"] = file }, credentials: null);

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        Assert.AreEqual(Secret, xmpp.Password);
    }

    [TestMethod]
    public void Resolve_PasswordFileWithoutNewline_WholeContent()
    {
        using var folder = new AgentFolder();
        var file = folder.Write("password", Secret);

        var (xmpp, _) = Resolve(new() { ["Xmpp:PasswordFile"] = file }, credentials: null);

        Assert.AreEqual(Secret, xmpp.Password);
    }

    [TestMethod]
    public void Resolve_PasswordAndPasswordFile_ErrorNamingBothKeysNeverTheValue()
    {
        using var folder = new AgentFolder();
        var file = folder.Write("password", "from-file\n");

        var (_, errors) = Resolve(new() { ["Xmpp:Password"] = Secret, ["Xmpp:PasswordFile"] = file }, credentials: null);

        var error = errors.Single();
        StringAssert.Contains(error, "Xmpp:Password and Xmpp:PasswordFile");
        StringAssert.Contains(error, file);
        Assert.IsFalse(error.Contains(Secret, StringComparison.Ordinal) || error.Contains("from-file", StringComparison.Ordinal), error);
    }

    [TestMethod]
    public void Resolve_MissingPasswordFile_ErrorNamesKeyAndPath()
    {
        using var folder = new AgentFolder();
        var file = Path.Combine(folder.Root, "nowhere", "password");

        var (_, errors) = Resolve(new() { ["Xmpp:PasswordFile"] = file }, credentials: null);

        Assert.AreEqual($"Xmpp:PasswordFile '{file}' does not exist.", errors.Single());
    }

    [TestMethod]
    public void Resolve_PasswordFileIsADirectory_ErrorNamesKeyAndPath()
    {
        using var folder = new AgentFolder();

        var (_, errors) = Resolve(new() { ["Xmpp:PasswordFile"] = folder.Root }, credentials: null);

        StringAssert.StartsWith(errors.Single(), $"Xmpp:PasswordFile '{folder.Root}' cannot be read");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("\nsecond line holds " + Secret)]
    public void Resolve_EmptyFirstLine_ErrorWithoutContent(string content)
    {
        using var folder = new AgentFolder();
        var file = folder.Write("password", content);

        var (_, errors) = Resolve(new() { ["Xmpp:PasswordFile"] = file }, credentials: null);

        Assert.AreEqual($"Xmpp:PasswordFile '{file}' is empty (the password is its first line).", errors.Single());
    }

    [TestMethod]
    public void Resolve_FirstLineTooLong_ErrorWithoutContent()
    {
        using var folder = new AgentFolder();
        var file = folder.Write("password", new string('x', XmppPassword.MaxLength + 1));

        var (xmpp, errors) = Resolve(new() { ["Xmpp:PasswordFile"] = file }, credentials: null);

        StringAssert.Contains(errors.Single(), "longer than 4096");
        Assert.IsFalse(errors.Single().Contains("xxxx", StringComparison.Ordinal));
        Assert.AreEqual(string.Empty, xmpp.Password);
    }

    [TestMethod]
    public void Resolve_SystemdCredential_UsedWhenNeitherKeyIsSet()
    {
        using var folder = new AgentFolder();
        folder.Write(XmppPassword.CredentialName, Secret + "\n");

        var (xmpp, errors) = Resolve([], credentials: folder.Root);

        Assert.AreEqual(0, errors.Count);
        Assert.AreEqual(Secret, xmpp.Password);
    }

    [TestMethod]
    public void Resolve_PasswordAndPasswordFile_BothBeatTheCredential()
    {
        using var folder = new AgentFolder();
        folder.Write(XmppPassword.CredentialName, "from-credential\n");
        var file = folder.Write("password", "from-file\n");

        var (fromPassword, _) = Resolve(new() { ["Xmpp:Password"] = "from-password" }, credentials: folder.Root);
        var (fromFile, _) = Resolve(new() { ["Xmpp:PasswordFile"] = file }, credentials: folder.Root);

        Assert.AreEqual("from-password", fromPassword.Password);
        Assert.AreEqual("from-file", fromFile.Password);
    }

    [TestMethod]
    public void Resolve_CredentialsDirectoryWithoutOurCredential_NothingSetNoError()
    {
        using var folder = new AgentFolder();
        folder.Write("other-credential", "x");

        var (xmpp, errors) = Resolve([], credentials: folder.Root);

        Assert.AreEqual(0, errors.Count);
        Assert.AreEqual(string.Empty, xmpp.Password);
    }

    [TestMethod]
    public void Build_PasswordFileInsteadOfPassword_BuildsAHost()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Password"] = null;
        overrides["Xmpp:PasswordFile"] = folder.Write("password", Secret + "\n");

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        Assert.IsNotNull(host);
    }

    [TestMethod]
    public void Build_CredentialsDirectoryFromEnvironment_BuildsAHost()
    {
        using var folder = new AgentFolder();
        folder.Write(XmppPassword.CredentialName, Secret + "\n");
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:Password"] = null;
        var before = Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY");
        Environment.SetEnvironmentVariable("CREDENTIALS_DIRECTORY", folder.Root);
        try
        {
            using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

            Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
            Assert.IsNotNull(host);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CREDENTIALS_DIRECTORY", before);
        }
    }

    [TestMethod]
    public void Build_PasswordAndPasswordFile_InvalidConfiguration()
    {
        using var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Xmpp:PasswordFile"] = folder.Write("password", Secret + "\n");

        using var host = AgentHost.Build(folder.Root, null, overrides, out var errors);

        Assert.IsNull(host);
        StringAssert.StartsWith(errors.Single(), "Xmpp:Password and Xmpp:PasswordFile");
    }

    private static (XmppClientOptions Xmpp, List<string> Errors) Resolve(Dictionary<string, string?> settings, string? credentials)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var xmpp = new XmppClientOptions();
        configuration.GetSection("Xmpp").Bind(xmpp);
        var errors = new List<string>();
        XmppPassword.Resolve(configuration, xmpp, credentials, errors);
        return (xmpp, errors);
    }
}
