using System.Globalization;
using Edge.Testing.Servers.Internal;

namespace Edge.Testing.Servers;

/// <summary>
/// What <see cref="Prosody.ProsodyServer"/> and <see cref="Ejabberd.EjabberdServer"/> share: a server set up, started,
/// stopped and given accounts by one script in <c>.ci/</c> (<c>start DIR</c>, <c>stop DIR</c>, <c>restart DIR</c>,
/// <c>register DIR USER PASSWORD</c>; <c>PORT=</c>/<c>DOMAIN=</c>/<c>DIR=</c> on stdout). Without the server installed
/// starting throws: integration tests fail, they never skip.
/// </summary>
public abstract class ScriptedXmppServer : IXmppTestServer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(30);

    private readonly string _script;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private protected ScriptedXmppServer(Setup setup)
    {
        _script = setup.Script;
        Directory = setup.Directory;
        Port = setup.Port;
        Domain = setup.Domain;
        ComponentDomain = setup.ComponentDomain;
        ComponentPort = setup.ComponentPort;
        ComponentSecret = setup.ComponentSecret;
    }

    public abstract XmppServerKind Kind { get; }

    public abstract string Name { get; }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    public string Domain { get; }

    public string PubSubService => "pubsub." + Domain;

    public string ComponentDomain { get; }

    public int ComponentPort { get; }

    public string ComponentSecret { get; }

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string OtherCaFile => Path.Combine(Directory, "other-ca.pem");

    public string ServerCertificateFile => Path.Combine(Directory, "server.crt");

    public abstract string LogFile { get; }

    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunAsync($"stop {Name}", ["stop", Directory], StopTimeout, cancellationToken);

    public Task KillAsync(CancellationToken cancellationToken = default) =>
        RunAsync($"kill {Name}", ["kill", Directory], StopTimeout, cancellationToken);

    public Task StartAgainAsync(CancellationToken cancellationToken = default) =>
        RunAsync($"start {Name} again", ["start", Directory], StartTimeout, cancellationToken);

    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        RunAsync($"restart {Name}", ["restart", Directory], StartTimeout + StopTimeout, cancellationToken);

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

        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{Name} {Domain} on {Host}:{Port} ({Directory})";

    /// <summary>
    /// Sets up a new instance in a fresh folder under the temp path (named <paramref name="folderPrefix"/> + a random
    /// part) with <c>.ci/<paramref name="scriptName"/> start</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is missing or did not start; the message says why.</exception>
    private protected static async Task<Setup> SetUpAsync(string scriptName, string folderPrefix, string name, string logFile,
        CancellationToken cancellationToken)
    {
        var script = ServerScript.Locate(".ci/" + scriptName);
        var directory = Path.Combine(Path.GetTempPath(), folderPrefix + Guid.NewGuid().ToString("N")[..12]);
        ScriptResult result;
        try
        {
            result = await ServerScript.RunAsync(script, ["start", directory], StartTimeout, cancellationToken);
        }
        catch
        {
            await StopAndDeleteAsync(script, directory);
            throw;
        }

        if (result.ExitCode != 0)
        {
            var message = Describe($"start a private {name}", script, Path.Combine(directory, logFile), result);
            await StopAndDeleteAsync(script, directory);
            throw new InvalidOperationException(message);
        }

        var values = result.Values();
        if (!values.TryGetValue("PORT", out var portText)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !values.TryGetValue("DIR", out var actualDirectory)
            || !values.TryGetValue("DOMAIN", out var domain)
            || !values.TryGetValue("COMPONENT_DOMAIN", out var componentDomain)
            || !values.TryGetValue("COMPONENT_PORT", out var componentPortText)
            || !int.TryParse(componentPortText, NumberStyles.None, CultureInfo.InvariantCulture, out var componentPort)
            || !values.TryGetValue("COMPONENT_SECRET", out var componentSecret))
        {
            await StopAndDeleteAsync(script, directory);
            throw new InvalidOperationException(
                $"{script} start printed no PORT=/DIR=/DOMAIN=/COMPONENT_* lines:{Environment.NewLine}{result.StandardOutput}{result.StandardError}");
        }

        return new Setup(script, actualDirectory, port, domain, componentDomain, componentPort, componentSecret);
    }

    private async Task RunAsync(string what, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var result = await ServerScript.RunAsync(_script, arguments, timeout, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(Describe(what, _script, LogFile, result));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Describe(string what, string script, string log, ScriptResult result)
    {
        var message = $"Could not {what} ({script} exit code {result.ExitCode}).{Environment.NewLine}{result.StandardError.TrimEnd()}";

        // The script prints the log tail itself when start-up fails; for anything else add it here.
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
            var stopped = await ServerScript.RunAsync(script, ["stop", directory], StopTimeout, CancellationToken.None);
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

    /// <summary>Where <see cref="SetUpAsync"/> put a new instance.</summary>
    private protected sealed record Setup(string Script, string Directory, int Port, string Domain, string ComponentDomain,
        int ComponentPort, string ComponentSecret);
}
