using System.Xml.Linq;
using Edge.Iot.Discovery;
using Edge.Xmpp;

namespace Edge.Agent.Cli;

/// <summary>
/// The owner's verbs on the thing registry (XEP-0347): <c>edge claim</c> (<c>mine</c> with the device's claim string,
/// then the owner's half of the friendship), <c>edge disown</c> and <c>edge remove</c>. The registry's "no"s become
/// one line each (<see cref="ClaimRefusal"/>, <see cref="DisownRefusal"/>, <see cref="NotYours"/>).
/// </summary>
public static class OwnerCommands
{
    public const string ClaimHelp = """
        edge claim 'iotdisco:…' --jid JID --password PW [--private] [--json] [options]

          Claims a device as yours (XEP-0347 mine) with the claim string it printed, wrote beside its QR code, or shows
          with `edge qr` (the iotdisco: URI; XEP-0347's older IoTDisco;… form is accepted too). Its R= names the
          registry. Afterwards the device accepts your friendship: it is asked for here. Public (the default): the
          device can be found by edge things search; --private: only by you.

          --private          keep the device out of searches
          --json             print the result as one JSON object
        """;

    public const string DisownHelp = """
        edge disown JID --jid JID --password PW [--node ID --source ID] [options]

          Gives up ownership of a device you claimed (XEP-0347 disown). The device must be online: it then registers
          again with a new KEY, and its new claim string is shown on it (`edge qr`).

          --node ID, --source ID   a device behind a concentrator (XEP-0326 node and data source)
        """;

    public const string RemoveHelp = """
        edge remove JID --jid JID --password PW [--node ID --source ID] [options]

          Removes a device you own from the thing registry (XEP-0347 remove): it no longer appears in searches nor
          updates its entry; it stays yours (friendship, rights).

          --node ID, --source ID   a device behind a concentrator (XEP-0326 node and data source)
        """;

    public static readonly HashSet<string> Flags = ["json", "private"];

    public static Task<int> ClaimAsync(CommandLine cl, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(output);
        cl.RejectUnknown([.. RegistrySession.Names, "json", "private"]);
        var claim = ParseClaim(cl.Positionals);
        var json = cl.Flag("json");
        var isPublic = !cl.Flag("private");
        return RegistrySession.RunAsync(cl, error, claim.Registry, async (client, registry, token) =>
        {
            var thing = await registry.ClaimAsync(new MineRequest(claim.Tags, ThingNode.None, isPublic), token).ConfigureAwait(false);
            if (thing is null)
            {
                await error.WriteLineAsync(ClaimRefusal(registry.Registry)).ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            // The owner's half of the friendship (§Claiming Ownership): ask for the device's presence and approve its request.
            await client.SendAsync(Presence(thing.Jid, "subscribe"), token).ConfigureAwait(false);
            await client.SendAsync(Presence(thing.Jid, "subscribed"), token).ConfigureAwait(false);

            await output.WriteLineAsync(json
                ? CliJson.Line(new() { ["thing"] = thing.Jid.ToString(), ["node"] = thing.Node.NodeId, ["registry"] = registry.Registry.ToString(), ["public"] = thing.Public })
                : $"Claimed {Describe(thing.Jid, thing.Node)} in {registry.Registry} ({(thing.Public ? "public" : "private")}); asked for its friendship.")
                .ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public static Task<int> DisownAsync(CommandLine cl, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var thing = ParseThing(cl, "disown");
        return RegistrySession.RunAsync(cl, error, null, async (_, registry, token) =>
        {
            var refusal = await registry.DisownAsync(thing, token).ConfigureAwait(false);
            if (refusal is not null)
            {
                await error.WriteLineAsync(DisownRefusal(registry.Registry, thing, refusal.Condition)).ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            await output.WriteLineAsync($"Disowned {Describe(thing.Thing, thing.Node)}: it registers again with a new KEY (its new claim string: edge qr on the device).")
                .ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public static Task<int> RemoveAsync(CommandLine cl, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var thing = ParseThing(cl, "remove");
        return RegistrySession.RunAsync(cl, error, null, async (_, registry, token) =>
        {
            if (!await registry.RemoveAsync(thing, token).ConfigureAwait(false))
            {
                await error.WriteLineAsync(NotYours(registry.Registry, thing)).ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            await output.WriteLineAsync($"Removed {Describe(thing.Thing, thing.Node)} from {registry.Registry}: it is no longer found by searches; it is still yours.")
                .ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <summary>The claim string: one positional, either form, with a KEY.</summary>
    public static ClaimUri ParseClaim(IReadOnlyList<string> positionals)
    {
        ArgumentNullException.ThrowIfNull(positionals);
        if (positionals.Count != 1)
        {
            throw new CommandLineException("Give the device's claim string (one argument, in quotes: 'iotdisco:…').");
        }

        if (!ClaimUri.TryParse(positionals[0], out var claim, out var error))
        {
            throw new CommandLineException($"'{positionals[0]}' is not a claim string: {error}");
        }

        return claim.IsClaim ? claim
            : throw new CommandLineException("The claim string holds no KEY: it describes a search, not a device to claim (see edge things search).");
    }

    /// <summary>item-not-found to <c>mine</c>: the XEP gives no reason (so nobody can probe keys), so all the likely ones.</summary>
    public static string ClaimRefusal(Jid registry) =>
        $"The thing registry {registry} has no unclaimed device with this claim string: the KEY is wrong or incomplete (copy the whole "
        + "string), the device was claimed already (by someone else; a claimed device's KEY is used up), or it has not registered "
        + "(is it online? edge qr on it shows its current string).";

    /// <summary>The registry's refusal of <c>disown</c> (§Disowning Thing): item-not-found or not-allowed.</summary>
    public static string DisownRefusal(Jid registry, ThingReference thing, string condition)
    {
        ArgumentNullException.ThrowIfNull(thing);
        return condition == "not-allowed"
            ? $"{Describe(thing.Thing, thing.Node)} is offline or did not answer: a device can only be disowned while it is online "
              + "(it must register again at once). Bring it online and try again."
            : NotYours(registry, thing);
    }

    public static string NotYours(Jid registry, ThingReference thing)
    {
        ArgumentNullException.ThrowIfNull(thing);
        return $"The thing registry {registry} has no device {Describe(thing.Thing, thing.Node)} owned by you (a wrong JID, not claimed by this account, or removed).";
    }

    private static ThingReference ParseThing(CommandLine cl, string verb)
    {
        ArgumentNullException.ThrowIfNull(cl);
        cl.RejectUnknown([.. RegistrySession.Names, "node", "source"]);
        if (cl.Positionals.Count != 1)
        {
            throw new CommandLineException($"Give the device's JID: edge {verb} device@example.org.");
        }

        if (!Jid.TryParse(cl.Positionals[0], out var jid, out var error))
        {
            throw new CommandLineException($"'{cl.Positionals[0]}' is not a JID: {error}");
        }

        var node = cl.Value("node") is { } id ? new ThingNode(id, cl.Value("source")) : ThingNode.None;
        return new ThingReference(jid.Bare, node);
    }

    private static XElement Presence(Jid to, string type) =>
        new(XmppNamespaces.Client + "presence", new XAttribute("to", to.Bare.ToString()), new XAttribute("type", type));

    private static string Describe(Jid thing, ThingNode node) => node.IsNone ? thing.Bare.ToString() : $"{thing.Bare} {node}";
}
