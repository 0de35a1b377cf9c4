using Edge.Testing.Servers;

// A class's agent (AgentUnderTest, started in [ClassInitialize]) is stopped when its class is done, not at the end of
// the assembly (MSTest 3's default): agents left running would sample, publish and take pubsub notifications for the
// shared test account while later classes run.
[assembly: ClassCleanupExecution(ClassCleanupBehavior.EndOfClass)]

namespace Edge.Integration.Tests;

/// <summary>
/// One private XMPP server for the whole assembly, started by the fixture: Prosody, or ejabberd when
/// <c>EDGE_XMPP_SERVER=ejabberd</c> (<c>.ci/test</c> runs the suite once with each). No server → the tests fail, never skip.
/// </summary>
[TestClass]
public static class Server
{
    private static IXmppTestServer? _xmpp;

    public static IXmppTestServer Xmpp => _xmpp ?? throw new InvalidOperationException("The XMPP server fixture did not start.");

    /// <summary>True on ejabberd: for the few assertions where the two servers differ by design (each says why).</summary>
    public static bool IsEjabberd => Xmpp.Kind == XmppServerKind.Ejabberd;

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _xmpp = await XmppTestServer.StartFromEnvironmentAsync();
        context.WriteLine($"Integration tests against {_xmpp}");
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (_xmpp is not null)
        {
            await _xmpp.DisposeAsync();
        }
    }
}
