using System.Globalization;
using Edge.Agent.Cli;
using Edge.Testing;
using Edge.Testing.Servers;

namespace Edge.Integration.Tests.Hosting;

/// <summary>
/// <c>edge doctor</c> against the fixture's real server (Prosody or ejabberd): a configuration that works passes
/// every server check up to the login; a wrong CA, a wrong password and a device before first boot each end on the
/// line that names the problem and its fix.
/// </summary>
[TestClass]
public sealed class DoctorTests
{
    private static async Task<(int Code, string Text)> DoctorAsync(string jid, string? password, string caFile)
    {
        var server = Server.Xmpp;
        var data = Directory.CreateTempSubdirectory("edge-doctor-it-").FullName;
        try
        {
            var args = new List<string>
            {
                "--set", "Xmpp:Jid=" + jid,
                "--set", "Xmpp:Host=" + server.Host,
                "--set", "Xmpp:Port=" + server.Port.ToString(CultureInfo.InvariantCulture),
                "--set", "Xmpp:Tls:CaFile=" + caFile,
                "--set", "Agent:HardwareProfile=" + Path.Combine(RepositoryPaths.Root, "hardware", "profiles", "sim.json"),
                "--set", "Agent:DataDirectory=" + data,
                "--timeout", "10",
            };
            if (password is not null)
            {
                args.AddRange(["--set", "Xmpp:Password=" + password]);
            }

            using var output = new StringWriter();
            int code = await DoctorCommand.RunAsync(new CommandLine(args, new HashSet<string> { "offline" }), output, CancellationToken.None);
            return (code, output.ToString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task WorkingConfiguration_LogsInExit0()
    {
        var (code, text) = await DoctorAsync(TestAccounts.AgentJid, TestAccounts.AgentPassword, Server.Xmpp.CaFile);

        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, $"ok    server          {Server.Xmpp.Host}:{Server.Xmpp.Port} reachable");
        StringAssert.Contains(text, $"ok    login           TLS and login as {TestAccounts.AgentJid}/");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task CertificateFromAnotherCa_FailsAtTlsNamingCaFile()
    {
        var (code, text) = await DoctorAsync(TestAccounts.AgentJid, TestAccounts.AgentPassword, Server.Xmpp.OtherCaFile);

        Assert.AreEqual(1, code, text);
        StringAssert.Contains(text, "FAIL  login           TLS: ");
        StringAssert.Contains(text, "fix: Xmpp:Tls:CaFile must name the CA");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task WrongPassword_FailsAtLoginNamingTheCredentials()
    {
        var (code, text) = await DoctorAsync(TestAccounts.AgentJid, "not-the-password", Server.Xmpp.CaFile);

        Assert.AreEqual(1, code, text);
        StringAssert.Contains(text, $"FAIL  login           the server refused {TestAccounts.AgentJid}'s credentials");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task NoAccountYet_TlsOkAndTheServerOffersRegistration()
    {
        var jid = $"doctor-{Guid.NewGuid():N}"[..20] + "@" + Server.Xmpp.Domain;

        var (code, text) = await DoctorAsync(jid, password: null, Server.Xmpp.CaFile);

        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, $"ok    login           TLS ok; no account yet: first boot will register {jid}");
    }
}
