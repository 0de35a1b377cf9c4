using Edge.Testing.Servers;
using Edge.Xmpp;

namespace Edge.Integration.Tests;

/// <summary>Client options for the fixture's accounts.</summary>
internal static class Clients
{
    public static XmppClientOptions Options(string jid, string password, string resource, int? port = null)
    {
        var server = Server.Xmpp;
        var options = new XmppClientOptions
        {
            Jid = jid,
            Password = password,
            Resource = resource,
            Host = server.Host,
            Port = port ?? server.Port,
            PingInterval = TimeSpan.Zero,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
            IqTimeout = TimeSpan.FromSeconds(10),
            // The agent's own default (appsettings.json). A test's client logs in to a server that another test may be
            // loading on purpose (FleetTests: 20 devices publishing; on a busy 2-core CI machine Prosody took over 10 s
            // to answer a backend's stream header there): how fast a login is, is not what these clients test.
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        options.Tls.CaFile = server.CaFile;
        return options;
    }

    public static XmppClientOptions Agent(string resource, int? port = null) =>
        Options(TestAccounts.AgentJid, TestAccounts.AgentPassword, resource, port);

    public static XmppClientOptions Backend(string resource) =>
        Options(TestAccounts.BackendJid, TestAccounts.BackendPassword, resource);

    /// <summary>Polls a condition (integration tests wait for a real server, not a fake clock).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout} waiting for {what}{(state is null ? string.Empty : " (" + state() + ")")}.");
            }

            await Task.Delay(50);
        }
    }
}
