using Edge.Testing.Logging;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;

namespace Edge.Integration.Tests.Exi;

/// <summary>
/// Xmpp:Exi against a stock Prosody and ejabberd, which do not offer EXI (no server ships XEP-0322): prefer logs in
/// over XML and says so, require refuses to connect with a message naming the setting. EXI itself through the EXI
/// link gateway is covered by the gateway's tests.
/// </summary>
[TestClass]
public sealed class ExiPreferenceTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task Prefer_StockServer_LoggedInOverXmlWithAnInformationLine()
    {
        var logs = new ListLoggerFactory();
        var options = Clients.Agent("exi-prefer");
        options.Exi.Mode = XmppExiMode.Prefer;
        await using var agent = new XmppClient(options, logs);

        await agent.ConnectAsync(CancellationToken.None);
        await agent.PingAsync(Jid.Parse(Server.Xmpp.Domain), CancellationToken.None);

        Assert.IsFalse(agent.ExiActive);
        var line = logs.Entries.Single(e => e.EventId == 1100);
        Assert.AreEqual(LogLevel.Information, line.Level);
        StringAssert.Contains(line.Message, "does not offer the 'exi' compression method");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Require_StockServer_ConnectFailsNamingTheSetting()
    {
        var options = Clients.Agent("exi-require");
        options.Exi.Mode = XmppExiMode.Require;
        await using var agent = new XmppClient(options);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => agent.ConnectAsync(CancellationToken.None));

        StringAssert.Contains(e.Message, "Xmpp:Exi:Mode=require");
        Assert.AreNotEqual(XmppClientState.Connected, agent.State);
    }
}
