using Edge.Iot;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Agent.Iot;

/// <summary>
/// The access policy of <see cref="AccessOptions"/>: reads and browsing are allowed to the <c>Read</c> and
/// <c>Control</c> lists, control only to the <c>Control</c> list; an empty list stands for the device's own domain.
/// </summary>
public sealed class ConfiguredAccessPolicy : IAccessPolicy
{
    private readonly string _ownDomain;
    private readonly IReadOnlyList<string> _readers;
    private readonly IReadOnlyList<string> _controllers;

    public ConfiguredAccessPolicy(AccessOptions options, Jid device)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        _ownDomain = device.Domain;
        _controllers = options.Control.Count > 0 ? [.. options.Control] : [_ownDomain];
        _readers = [.. (options.Read.Count > 0 ? options.Read : [_ownDomain]).Concat(_controllers)];
    }

    public ValueTask<bool> IsAllowedAsync(Jid requester, IotOperation operation, IReadOnlyList<ThingNode> nodes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var list = operation == IotOperation.Control ? _controllers : _readers;
        return ValueTask.FromResult(list.Any(entry => Matches(entry, requester)));
    }

    private static bool Matches(string entry, Jid requester)
    {
        if (entry == "*")
        {
            return true;
        }

        Jid allowed = Jid.Parse(entry);
        return allowed.Local is null
            ? string.Equals(allowed.Domain, requester.Domain, StringComparison.Ordinal)
            : allowed.Equals(requester.Bare);
    }
}
