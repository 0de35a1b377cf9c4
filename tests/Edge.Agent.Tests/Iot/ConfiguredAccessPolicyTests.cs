using Edge.Agent.Iot;
using Edge.Iot;
using Edge.Xmpp;

namespace Edge.Agent.Tests.Iot;

[TestClass]
public sealed class ConfiguredAccessPolicyTests
{
    private static readonly Jid Device = Jid.Parse("agent@site.example/edge");

    [TestMethod]
    [DataRow("backend@site.example/cli", IotOperation.Read, true)]
    [DataRow("backend@site.example/cli", IotOperation.Control, true)]
    [DataRow("stranger@other.example/x", IotOperation.Read, false)]
    [DataRow("stranger@other.example/x", IotOperation.Browse, false)]
    [DataRow("stranger@other.example/x", IotOperation.Control, false)]
    public async Task IsAllowed_EmptyLists_OwnDomainOnly(string requester, IotOperation operation, bool expected)
    {
        var policy = new ConfiguredAccessPolicy(new AccessOptions(), Device);

        Assert.AreEqual(expected, await policy.IsAllowedAsync(Jid.Parse(requester), operation, [], CancellationToken.None));
    }

    [TestMethod]
    public async Task IsAllowed_ReadersAndControllers_ControlNeedsTheControlList()
    {
        var options = new AccessOptions();
        options.Read.Add("monitor.example");
        options.Control.Add("operator@ops.example");
        var policy = new ConfiguredAccessPolicy(options, Device);

        Assert.IsTrue(await policy.IsAllowedAsync(Jid.Parse("anyone@monitor.example/r"), IotOperation.Read, [], CancellationToken.None));
        Assert.IsFalse(await policy.IsAllowedAsync(Jid.Parse("anyone@monitor.example/r"), IotOperation.Control, [], CancellationToken.None));
        Assert.IsTrue(await policy.IsAllowedAsync(Jid.Parse("operator@ops.example/r"), IotOperation.Control, [], CancellationToken.None));
        Assert.IsTrue(await policy.IsAllowedAsync(Jid.Parse("operator@ops.example/r"), IotOperation.Read, [], CancellationToken.None),
            "a controller may also read");
        Assert.IsFalse(await policy.IsAllowedAsync(Jid.Parse("other@ops.example/r"), IotOperation.Control, [], CancellationToken.None));
        Assert.IsFalse(await policy.IsAllowedAsync(Jid.Parse("backend@site.example/r"), IotOperation.Read, [], CancellationToken.None),
            "a configured list replaces the own-domain default");
    }

    [TestMethod]
    public async Task IsAllowed_Star_Anyone()
    {
        var options = new AccessOptions();
        options.Control.Add("*");
        var policy = new ConfiguredAccessPolicy(options, Device);

        Assert.IsTrue(await policy.IsAllowedAsync(Jid.Parse("x@y.example/z"), IotOperation.Control, [], CancellationToken.None));
    }

    [TestMethod]
    public void Validate_ResourceOrBadJid_NamesTheEntry()
    {
        var options = new AgentOptions();
        options.Access.Read.Add("a@b.example/res");
        options.Access.Control.Add("@@bad");

        var errors = options.Validate();

        Assert.IsTrue(errors.Any(e => e.StartsWith("Agent:Access:Read:0 'a@b.example/res'", StringComparison.Ordinal)), string.Join(" | ", errors));
        Assert.IsTrue(errors.Any(e => e.StartsWith("Agent:Access:Control:0 '@@bad'", StringComparison.Ordinal)), string.Join(" | ", errors));
    }
}
