using Edge.Xmpp;

namespace Edge.Agent.Cli;

/// <summary>
/// What the request/answer verbs (<c>readout</c>, <c>control</c>, <c>nodes</c>) share: the connection options, the
/// device's JID (<c>--device</c>; a bare JID gets the agent's default resource <c>/edge</c>), one login attempt with a
/// clear message when it fails, and the exit codes: 0 done, 1 the device said no, 2 usage, 3 no connection.
/// </summary>
public static class DeviceSession
{
    public const int Refused = 1;
    public const int Usage = 2;
    public const int NoConnection = 3;

    public static readonly string[] Names = [.. ClientArguments.Names, "device", "timeout"];

    public const string Help = """
          --device JID       the device (full JID; a bare JID means JID/edge, the agent's default resource)
          --timeout S        give up after S seconds (default 30)
        """;

    /// <summary>
    /// Connects, runs <paramref name="action"/> against the device, disconnects; returns its exit code. The whole
    /// exchange must end within <c>--timeout</c>, plus <paramref name="wait"/> (e.g. until a deferred readout starts);
    /// the client's IQ timeout is <c>--timeout</c>.
    /// </summary>
    public static async Task<int> RunAsync(CommandLine cl, TextWriter error,
        Func<XmppClient, Jid, CancellationToken, Task<int>> action, CancellationToken cancellationToken, TimeSpan wait = default)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(action);
        var (options, timeout) = ShortSession(cl);
        var device = Device(cl);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout + (wait > TimeSpan.Zero ? wait : TimeSpan.Zero));
        await using var client = new XmppClient(options);
        try
        {
            await client.ConnectAsync(stop.Token).ConfigureAwait(false);
            return await action(client, device, stop.Token).ConfigureAwait(false);
        }
        catch (XmppConnectionException e)
        {
            await error.WriteLineAsync($"Cannot connect as {options.Jid}: {e.Message}").ConfigureAwait(false);
            return NoConnection;
        }
        catch (XmppTimeoutException e)
        {
            await error.WriteLineAsync($"{device} did not answer: {e.Message}").ConfigureAwait(false);
            return Refused;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"No complete answer from {device} within {(timeout + wait).TotalSeconds:0} s.").ConfigureAwait(false);
            return Refused;
        }
    }

    /// <summary>
    /// The options of one request/answer session: no reconnection, IQ timeout <c>--timeout</c> (default 30 s), and no
    /// initial presence: the server then neither flushes stored offline messages to this short session (answers a
    /// device sent to an earlier run) nor routes messages for the bare JID to it; answers to its full JID still arrive.
    /// </summary>
    internal static (XmppClientOptions Options, TimeSpan Timeout) ShortSession(CommandLine cl)
    {
        var options = ClientArguments.Parse(cl);
        options.AutoReconnect = false;
        options.SendInitialPresence = false;
        var timeout = TimeSpan.FromSeconds(cl.Int("timeout", 1, 86_400) ?? 30);
        options.IqTimeout = timeout;
        return (options, timeout);
    }

    private static Jid Device(CommandLine cl)
    {
        var text = cl.Required("device");
        if (!Jid.TryParse(text, out var jid, out var jidError))
        {
            throw new CommandLineException($"--device '{text}': {jidError}");
        }

        return jid.Resource is null ? Jid.Create(jid.Local, jid.Domain, "edge") : jid;
    }
}
