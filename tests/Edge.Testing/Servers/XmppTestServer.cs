using Edge.Testing.Ejabberd;
using Edge.Testing.Prosody;

namespace Edge.Testing.Servers;

/// <summary>Starts the server a test run asks for: <c>EDGE_XMPP_SERVER=prosody|ejabberd</c>, Prosody when unset.</summary>
public static class XmppTestServer
{
    public const string EnvironmentVariable = "EDGE_XMPP_SERVER";

    /// <summary>The kind <see cref="EnvironmentVariable"/> names.</summary>
    /// <exception cref="InvalidOperationException">It names neither server.</exception>
    public static XmppServerKind KindFromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary><c>prosody</c> / <c>ejabberd</c> (any case); null or blank is Prosody.</summary>
    /// <exception cref="InvalidOperationException">Anything else: a typo must not quietly test the other server.</exception>
    public static XmppServerKind Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "prosody" => XmppServerKind.Prosody,
        "ejabberd" => XmppServerKind.Ejabberd,
        _ => throw new InvalidOperationException($"{EnvironmentVariable}='{value}' names no test server; use 'prosody' or 'ejabberd'."),
    };

    /// <summary>Sets up and starts a private server of <paramref name="kind"/>.</summary>
    public static async Task<IXmppTestServer> StartAsync(XmppServerKind kind, CancellationToken cancellationToken = default) => kind switch
    {
        XmppServerKind.Prosody => await ProsodyServer.StartAsync(cancellationToken),
        XmppServerKind.Ejabberd => await EjabberdServer.StartAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Sets up and starts the server <see cref="EnvironmentVariable"/> names.</summary>
    public static Task<IXmppTestServer> StartFromEnvironmentAsync(CancellationToken cancellationToken = default) =>
        StartAsync(KindFromEnvironment(), cancellationToken);
}
