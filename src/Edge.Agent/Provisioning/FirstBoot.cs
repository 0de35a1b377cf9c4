using Edge.Xmpp;
using Edge.Xmpp.Register;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Provisioning;

/// <summary>
/// First boot: with no password from any source (<c>Xmpp:Password</c>, <c>Xmpp:PasswordFile</c>, the systemd
/// credential), the agent makes its own account <c>Xmpp:Jid</c> by XEP-0077 in-band registration and keeps the
/// credentials in <c>{Agent:DataDirectory}/credentials.json</c> (<see cref="DeviceCredentials"/>). The steps, each
/// safe to lose power after:
/// <list type="number">
/// <item><see cref="Prepare"/> (at host build, before anything goes on the wire): a random password, written durably
/// with the state <c>pending</c>.</item>
/// <item><see cref="CompleteAsync"/>: register; on success the state becomes <c>registered</c> (durably); then log in.</item>
/// </list>
/// At the next start a <c>registered</c> file is just used; a <c>pending</c> one first logs in (the registration may
/// have reached the server before the power cut: then it is marked registered), and only when the server answers
/// not-authorized registers again with the same name and password. A <c>conflict</c> then means the name is taken by
/// an account whose password is not ours: the agent stops (exit 3) rather than create a second account.
/// Configured credentials always win: the file is then neither read nor written.
/// </summary>
public sealed class FirstBoot
{
    private FirstBoot(string path, DeviceCredentials credentials, bool createdNow)
    {
        FilePath = path;
        Credentials = credentials;
        CreatedNow = createdNow;
    }

    /// <summary>The credentials file.</summary>
    public string FilePath { get; }

    /// <summary>Whether the server is known to have the account.</summary>
    public bool IsRegistered => Credentials.IsRegistered;

    /// <summary>Opens the registration stream; null = TCP (tests pass an in-memory transport).</summary>
    internal Func<Edge.Xmpp.Transport.IXmppTransport>? TransportFactory { get; set; }

    internal DeviceCredentials Credentials { get; }

    /// <summary>The file was written by this start: no registration for it can have reached a server yet.</summary>
    internal bool CreatedNow { get; }

    /// <summary>
    /// Reads the credentials file in <paramref name="dataDirectory"/>, or creates it (pending, durably) with a new
    /// password for <paramref name="jid"/>. Null, with an error naming the file (never its content), when it cannot be
    /// read or written, or when it holds another account than <paramref name="jid"/>.
    /// </summary>
    internal static FirstBoot? Prepare(string dataDirectory, string jid, List<string> errors)
    {
        var path = Path.Combine(dataDirectory, DeviceCredentials.FileName);
        if (DeviceCredentials.TryLoad(path, out var stored, out var reason))
        {
            if (!string.Equals(stored!.Jid, jid, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"Xmpp:Jid '{jid}' differs from the account '{stored.Jid}' in '{path}', made at first boot: " +
                    "set Xmpp:Jid back, or move that file away to make a new account.");
                return null;
            }

            return new FirstBoot(path, stored, createdNow: false);
        }

        if (File.Exists(path))
        {
            errors.Add($"The first-boot credentials file '{path}' {reason}: move it away only if the account it names was never created.");
            return null;
        }

        var created = DeviceCredentials.Generate(jid);
        try
        {
            created.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"The first-boot credentials file '{path}' cannot be written: {e.Message}");
            return null;
        }

        return new FirstBoot(path, created, createdNow: true);
    }

    /// <summary>
    /// Makes sure the account exists and logs <paramref name="client"/> in (its options carry the stored password).
    /// Returns false, logged, when the server refuses the account: the agent must stop with exit 3. Connection faults
    /// that retrying cannot fix (TLS, authentication after registering) are thrown as <see cref="XmppException"/>.
    /// </summary>
    internal async Task<bool> CompleteAsync(XmppClient client, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        var jid = client.Jid.ToString();
        if (!CreatedNow)
        {
            Log.FirstBootResuming(logger, jid, FilePath);
            try
            {
                await client.StartAsync(cancellationToken).ConfigureAwait(false);
                MarkRegistered();
                Log.FirstBootAccountFound(logger, jid);
                return true;
            }
            catch (XmppConnectionException e) when (e is { Failure: ConnectionFailure.Authentication, Condition: "not-authorized" })
            {
                Log.FirstBootNoAccountYet(logger, jid);
            }
        }

        var refusal = await RegisterAsync(client.Options, logger, time, cancellationToken).ConfigureAwait(false);
        if (refusal is { Condition: "conflict" })
        {
            Log.FirstBootAccountNotOurs(logger, jid, FilePath);
            return false;
        }

        if (refusal is not null)
        {
            Log.FirstBootRefused(logger, jid, refusal.ToString());
            return false;
        }

        MarkRegistered();
        Log.FirstBootAccountCreated(logger, jid);
        await client.StartAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Registers, retrying with backoff while the server is unreachable or answers "wait"; the server's "no" otherwise.</summary>
    private async Task<StanzaError?> RegisterAsync(XmppClientOptions options, ILogger logger, TimeProvider time, CancellationToken token)
    {
        var delay = options.ReconnectInitialDelay;
        var domain = Jid.Parse(options.Jid).Domain;
        var server = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{domain} via {options.Host ?? domain}:{options.Port}");
        while (true)
        {
            Log.FirstBootRegistering(logger, options.Jid, server);
            string problem;
            try
            {
                var error = await InBandRegistration.RegisterAsync(options, token, TransportFactory).ConfigureAwait(false);
                if (error is not { Type: "wait" })
                {
                    return error;
                }

                problem = "the server answered " + error;
            }
            catch (Exception e) when (!token.IsCancellationRequested && (XmppClient.IsTransient(e) || e is OperationCanceledException))
            {
                problem = e is OperationCanceledException ? $"no answer within {options.ConnectTimeout}" : e.Message;
            }

            Log.FirstBootRetry(logger, problem, delay);
            await Task.Delay(delay, time, token).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.ReconnectMaxDelay.Ticks));
        }
    }

    private void MarkRegistered()
    {
        Credentials.State = DeviceCredentials.Registered;
        Credentials.Save(FilePath);
    }
}
