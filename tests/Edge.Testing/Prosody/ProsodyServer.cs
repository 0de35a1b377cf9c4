using System.Globalization;
using Edge.Testing.Prosody.Internal;

namespace Edge.Testing.Prosody;

/// <summary>
/// A private Prosody 0.12 for integration tests: its own folder under the temp path (throwaway CAs, config, data,
/// log), loopback only, on a port of its own, with the accounts below registered. Set up and started by
/// <c>.ci/prosody.sh</c>, which the demo script uses too. Without Prosody installed <see cref="StartAsync"/> throws:
/// integration tests fail, they never skip.
/// </summary>
public sealed class ProsodyServer : IAsyncDisposable
{
    public const string DefaultDomain = "localhost";

    public const string AgentJid = "agent@" + DefaultDomain;
    public const string AgentPassword = "agent-secret";
    public const string BackendJid = "backend@" + DefaultDomain;
    public const string BackendPassword = "backend-secret";

    /// <summary>Server admin; like the agent, an admin of the pubsub service (may create nodes there).</summary>
    public const string AdminJid = "admin@" + DefaultDomain;
    public const string AdminPassword = "admin-secret";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(30);

    private readonly string _script;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private ProsodyServer(string script, string directory, int port, string domain)
    {
        _script = script;
        Directory = directory;
        Port = port;
        Domain = domain;
    }

    /// <summary>Always loopback.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The client-to-server port (STARTTLS required). Stays the same across restarts.</summary>
    public int Port { get; }

    /// <summary>The XMPP domain, <see cref="DefaultDomain"/>; the server certificate names it (SAN DNS).</summary>
    public string Domain { get; }

    /// <summary>The XEP-0060 service, where the agent and the admin may create nodes.</summary>
    public string PubSubService => "pubsub." + Domain;

    /// <summary>The folder holding everything of this instance; deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>PEM of the throwaway CA that signed the server certificate.</summary>
    public string CaFile => Path.Combine(Directory, "ca.pem");

    /// <summary>PEM of an unrelated CA, for "certificate not trusted" tests.</summary>
    public string OtherCaFile => Path.Combine(Directory, "other-ca.pem");

    public string LogFile => Path.Combine(Directory, "prosody.log");

    public string ConfigFile => Path.Combine(Directory, "prosody.cfg.lua");

    /// <summary>Sets up a new instance in a fresh temp folder and starts it.</summary>
    /// <exception cref="InvalidOperationException">Prosody is missing or did not start; the message says why.</exception>
    public static async Task<ProsodyServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var script = ProsodyScript.Locate();
        var directory = Path.Combine(Path.GetTempPath(), "edge-prosody-" + Guid.NewGuid().ToString("N")[..12]);
        ScriptResult result;
        try
        {
            result = await ProsodyScript.RunAsync(script, ["start", directory], StartTimeout, cancellationToken);
        }
        catch
        {
            await StopAndDeleteAsync(script, directory);
            throw;
        }

        if (result.ExitCode != 0)
        {
            var message = Describe("start a private Prosody", directory, result);
            await StopAndDeleteAsync(script, directory);
            throw new InvalidOperationException(message);
        }

        var values = result.Values();
        if (!values.TryGetValue("PORT", out var portText)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !values.TryGetValue("DIR", out var actualDirectory)
            || !values.TryGetValue("DOMAIN", out var domain))
        {
            await StopAndDeleteAsync(script, directory);
            throw new InvalidOperationException(
                $"{script} start printed no PORT=/DIR=/DOMAIN= lines:{Environment.NewLine}{result.StandardOutput}{result.StandardError}");
        }

        return new ProsodyServer(script, actualDirectory, port, domain);
    }

    /// <summary>Stops the server (SIGTERM; SIGKILL after 10 s). Folder, data and port reservation stay.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunAsync("stop Prosody", ["stop", Directory], StopTimeout, cancellationToken);

    /// <summary>Starts a stopped server again: same port, same accounts and data.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) =>
        RunAsync("start Prosody again", ["start", Directory], StartTimeout, cancellationToken);

    /// <summary>Stops and starts again (same port and data): connected clients see the server go away and come back.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        RunAsync("restart Prosody", ["restart", Directory], StartTimeout + StopTimeout, cancellationToken);

    /// <summary>Creates an account with prosodyctl (works while the server runs). Returns its bare JID.</summary>
    public async Task<string> RegisterAccountAsync(string user, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        await RunAsync($"register {user}@{Domain}", ["register", Directory, user, password], RegisterTimeout, cancellationToken);
        return user + "@" + Domain;
    }

    /// <summary>Stops the server and deletes its folder. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await StopAndDeleteAsync(_script, Directory);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override string ToString() => $"Prosody {Domain} on {Host}:{Port} ({Directory})";

    private async Task RunAsync(string what, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var result = await ProsodyScript.RunAsync(_script, arguments, timeout, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(Describe(what, Directory, result));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Describe(string what, string directory, ScriptResult result)
    {
        var message = $"Could not {what} (.ci/prosody.sh exit code {result.ExitCode}).{Environment.NewLine}{result.StandardError.TrimEnd()}";

        // The script prints the log tail itself when start-up fails; for anything else add it here.
        var log = Path.Combine(directory, "prosody.log");
        if (File.Exists(log) && !result.StandardError.Contains("tail of", StringComparison.Ordinal))
        {
            message += $"{Environment.NewLine}---- tail of {log} ----{Environment.NewLine}{LogTail.Read(log)}";
        }

        return message;
    }

    private static async Task StopAndDeleteAsync(string script, string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        // Best effort on the way out: a failure to stop must not hide the test's own result. The folder stays if the
        // server may still run, so its pid file can still stop it.
        try
        {
            var stopped = await ProsodyScript.RunAsync(script, ["stop", directory], StopTimeout, CancellationToken.None);
            if (stopped.ExitCode != 0)
            {
                return;
            }
        }
        catch (TimeoutException)
        {
            return;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
