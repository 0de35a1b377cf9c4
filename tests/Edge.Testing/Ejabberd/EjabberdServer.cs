using Edge.Testing.Servers;

namespace Edge.Testing.Ejabberd;

/// <summary>
/// A private ejabberd 23.01 for integration tests: its own folder under the temp path (throwaway CAs, config, Mnesia
/// spool, logs), loopback only (c2s and its Erlang distribution port), with the <see cref="TestAccounts"/> registered.
/// Set up and started by <c>.ci/ejabberd.sh</c>, which runs the server as the <c>ejabberd</c> user. Without ejabberd
/// installed <see cref="StartAsync"/> throws: integration tests fail, they never skip.
/// </summary>
public sealed class EjabberdServer : ScriptedXmppServer
{
    private EjabberdServer(Setup setup)
        : base(setup)
    {
    }

    public override XmppServerKind Kind => XmppServerKind.Ejabberd;

    public override string Name => "ejabberd 23.01";

    public override string LogFile => Path.Combine(Directory, "logs", "ejabberd.log");

    public string ConfigFile => Path.Combine(Directory, "ejabberd.yml");

    /// <summary>Sets up a new instance in a fresh temp folder and starts it.</summary>
    /// <exception cref="InvalidOperationException">ejabberd is missing or did not start; the message says why.</exception>
    public static async Task<EjabberdServer> StartAsync(CancellationToken cancellationToken = default) =>
        new(await SetUpAsync("ejabberd.sh", "edge-ejabberd-", "ejabberd", Path.Combine("logs", "ejabberd.log"), cancellationToken));
}
