using Edge.Testing.Servers;

namespace Edge.Testing.Prosody;

/// <summary>
/// A private Prosody 0.12 for integration tests: its own folder under the temp path (throwaway CAs, config, data,
/// log), loopback only, on a port of its own, with the <see cref="TestAccounts"/> registered. Set up and started by
/// <c>.ci/prosody.sh</c>, which the demo script uses too. Without Prosody installed <see cref="StartAsync"/> throws:
/// integration tests fail, they never skip.
/// </summary>
public sealed class ProsodyServer : ScriptedXmppServer
{
    private ProsodyServer(Setup setup)
        : base(setup)
    {
    }

    public override XmppServerKind Kind => XmppServerKind.Prosody;

    public override string Name => "Prosody 0.12";

    public override string LogFile => Path.Combine(Directory, "prosody.log");

    public string ConfigFile => Path.Combine(Directory, "prosody.cfg.lua");

    /// <summary>Sets up a new instance in a fresh temp folder and starts it.</summary>
    /// <exception cref="InvalidOperationException">Prosody is missing or did not start; the message says why.</exception>
    public static async Task<ProsodyServer> StartAsync(CancellationToken cancellationToken = default) =>
        new(await SetUpAsync("prosody.sh", "edge-prosody-", "Prosody", "prosody.log", cancellationToken));
}
