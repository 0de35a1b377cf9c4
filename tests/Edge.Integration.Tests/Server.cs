using Edge.Testing.Prosody;

namespace Edge.Integration.Tests;

/// <summary>One private Prosody for the whole assembly, started by the fixture. No Prosody → the tests fail, never skip.</summary>
[TestClass]
public static class Server
{
    private static ProsodyServer? _prosody;

    public static ProsodyServer Prosody => _prosody ?? throw new InvalidOperationException("The Prosody fixture did not start.");

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        _prosody = await ProsodyServer.StartAsync();
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (_prosody is not null)
        {
            await _prosody.DisposeAsync();
        }
    }
}
