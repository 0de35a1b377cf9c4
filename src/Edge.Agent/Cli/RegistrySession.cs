using Edge.Agent.Provisioning;
using Edge.Iot.Discovery;
using Edge.Xmpp;
using Edge.Xmpp.Disco;

namespace Edge.Agent.Cli;

/// <summary>
/// What the owner's verbs (<c>claim</c>, <c>things search</c>, <c>disown</c>, <c>remove</c>) share: log in once, find
/// the thing registry (<c>--registry</c>, else the claim string's <c>R=</c>, else XEP-0347 §Finding Thing Registry on
/// the account's server), and turn what goes wrong on the way into one line a technician can act on. Exit codes as
/// <see cref="DeviceSession"/>: 0 done, 1 the registry said no, 2 usage, 3 no connection or no registry.
/// </summary>
public static class RegistrySession
{
    public static readonly string[] Names = [.. ClientArguments.Names, "registry", "timeout"];

    public const string Help = """
          --registry JID     the thing registry (default: R= of the claim string, else the component of your server
                             that offers urn:xmpp:iot:discovery; a registry that is an account needs its full JID)
          --timeout S        give up after S seconds (default 30)
        """;

    /// <summary>Registry errors that mean it is not there to answer (RFC 6120 §8.3.3), rather than a "no" from it.</summary>
    private static readonly string[] Unreachable =
        ["service-unavailable", "remote-server-not-found", "remote-server-timeout", "recipient-unavailable", "item-not-found"];

    public static async Task<int> RunAsync(CommandLine cl, TextWriter error, Jid? registryHint,
        Func<XmppClient, DiscoveryClient, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(action);
        var (options, timeout) = DeviceSession.ShortSession(cl);
        var configured = cl.Value("registry") is { } text
            ? Jid.TryParse(text, out var jid, out var jidError) ? jid : throw new CommandLineException($"--registry '{text}': {jidError}")
            : registryHint;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        await using var client = new XmppClient(options);
        Jid? registry = configured;
        try
        {
            await client.ConnectAsync(stop.Token).ConfigureAwait(false);
            registry ??= await DiscoSearch.FindOnDomainAsync(client, DiscoveryNamespaces.Feature, stop.Token).ConfigureAwait(false);
            if (registry is null)
            {
                await error.WriteLineAsync($"No thing registry found on {client.Jid.Domain} (no component there offers urn:xmpp:iot:discovery): "
                    + "is edge-registry running? Or give --registry.").ConfigureAwait(false);
                return DeviceSession.NoConnection;
            }

            return await action(client, new DiscoveryClient(client, registry), stop.Token).ConfigureAwait(false);
        }
        catch (XmppConnectionException e)
        {
            await error.WriteLineAsync($"Cannot connect as {options.Jid}: {e.Message}").ConfigureAwait(false);
            return DeviceSession.NoConnection;
        }
        catch (XmppStanzaErrorException e) when (e.Error is { } stanzaError)
        {
            await error.WriteLineAsync(Refusal(registry!, stanzaError)).ConfigureAwait(false);
            return Unreachable.Contains(stanzaError.Condition) ? DeviceSession.NoConnection : DeviceSession.Refused;
        }
        catch (Exception e) when (e is XmppTimeoutException
            || (e is OperationCanceledException && stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            await error.WriteLineAsync(registry is null ? $"No answer from {options.Jid}'s server within {timeout.TotalSeconds:0} s."
                : $"The thing registry {registry} did not answer within {timeout.TotalSeconds:0} s: is it running and attached to the server?")
                .ConfigureAwait(false);
            return DeviceSession.NoConnection;
        }
    }

    /// <summary>A registry error the verb did not expect, as one line.</summary>
    public static string Refusal(Jid registry, StanzaError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Array.IndexOf(Unreachable, error.Condition) >= 0
            ? $"The thing registry {registry} is unreachable ({error.Condition}): is edge-registry running and attached to the server, and is the name right?"
            : $"The thing registry {registry} refused the request: {error.Condition}{(error.Text is { Length: > 0 } t ? " — " + t : string.Empty)}.";
    }
}
