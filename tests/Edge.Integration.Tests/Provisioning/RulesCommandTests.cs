using System.Globalization;
using Edge.Agent.Cli;
using Edge.Integration.Tests.Registry;
using Edge.Iot.Discovery;
using Edge.Testing.Servers;

namespace Edge.Integration.Tests.Provisioning;

/// <summary>
/// <c>edge rules</c> against the real server and the registry component: the owner adds, lists and removes a rule of a
/// device it claimed (the service found on the domain); a rule for a device the user does not own, a bad rule, and an
/// unreachable service each end with a clear message and their exit code.
/// </summary>
[TestClass]
[DoNotParallelize] // one component name
public sealed class RulesCommandTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000)]
    public async Task Rules_AddListRemove_OwnerManagesAndOthersAreRefused()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        var tags = new List<MetaTag> { MetaTag.String("SN", "RULES-1"), MetaTag.String("KEY", Guid.NewGuid().ToString("N")) };
        var (_, device) = await world.DeviceAsync(ct);
        var (_, owner) = await world.OwnerAsync(ct);
        Assert.IsNull(await device.RegisterAsync(new RegisterRequest(tags, ThingNode.None), ct));
        Assert.IsNotNull(await owner.ClaimAsync(new MineRequest(tags, ThingNode.None), ct));

        var added = await RulesAsync(TestAccounts.BackendJid, TestAccounts.BackendPassword, "add", "--thing", TestAccounts.AgentJid,
            "--requester", TestAccounts.AdminJid, "--kind", "read", "--name", "Temperature", "--name", "Humidity");
        Assert.AreEqual(0, added.Exit, added.Error);
        StringAssert.Contains(added.Output, "added");

        var list = await RulesAsync(TestAccounts.BackendJid, TestAccounts.BackendPassword, "list");
        Assert.AreEqual(0, list.Exit, list.Error);
        StringAssert.Contains(list.Output, TestAccounts.AdminJid);
        StringAssert.Contains(list.Output, "Temperature,Humidity");
        var id = list.Output.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        var notOwner = await RulesAsync(TestAccounts.AdminJid, TestAccounts.AdminPassword, "add", "--thing", TestAccounts.AgentJid,
            "--requester", "*", "--kind", "control");
        Assert.AreEqual(DeviceSession.Refused, notOwner.Exit);
        StringAssert.Contains(notOwner.Error, "not the owner");

        var bad = await RulesAsync(TestAccounts.BackendJid, TestAccounts.BackendPassword, "add", "--requester", "someone@x/y", "--kind", "read");
        Assert.AreEqual(DeviceSession.Refused, bad.Exit);
        StringAssert.Contains(bad.Error, "not '*', a domain or a bare JID");

        var othersRemove = await RulesAsync(TestAccounts.AdminJid, TestAccounts.AdminPassword, "remove", "--id", id);
        Assert.AreEqual(DeviceSession.Refused, othersRemove.Exit);

        var removed = await RulesAsync(TestAccounts.BackendJid, TestAccounts.BackendPassword, "remove", "--id", id);
        Assert.AreEqual(0, removed.Exit, removed.Error);
        StringAssert.Contains((await RulesAsync(TestAccounts.BackendJid, TestAccounts.BackendPassword, "list")).Output, "No rules.");

        // The service gone: a clear "unreachable".
        await world.StopHostAsync();
        var unreachable = await RulesAsync(TestAccounts.BackendJid, TestAccounts.BackendPassword, "list", "--registry", Server.Xmpp.ComponentDomain);
        Assert.AreEqual(DeviceSession.NoConnection, unreachable.Exit, unreachable.Error + unreachable.Output);
        StringAssert.Contains(unreachable.Error, "unreachable");
        await world.StartHostAsync(ct); // for the fixture's disposal
    }

    private static async Task<(int Exit, string Output, string Error)> RulesAsync(string jid, string password, params string[] args)
    {
        var server = Server.Xmpp;
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await RulesCommand.RunAsync([.. args, "--jid", jid, "--password", password, "--server", $"{server.Host}:{server.Port}",
            "--ca-file", server.CaFile, "--timeout", "15"], output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
