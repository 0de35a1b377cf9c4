using Edge.Iot;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Testing.Iot;

/// <summary>An <see cref="IAccessPolicy"/> that allows everyone except the bare JIDs a test denies.</summary>
public sealed class FakeAccessPolicy : IAccessPolicy
{
    private readonly HashSet<(string Jid, IotOperation Operation)> _denied = [];

    /// <summary>Every question asked, in order.</summary>
    public List<(Jid Requester, IotOperation Operation, IReadOnlyList<ThingNode> Nodes)> Asked { get; } = [];

    public void Deny(string bareJid, IotOperation operation)
    {
        lock (_denied)
        {
            _denied.Add((bareJid, operation));
        }
    }

    public ValueTask<bool> IsAllowedAsync(Jid requester, IotOperation operation, IReadOnlyList<ThingNode> nodes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        lock (_denied)
        {
            Asked.Add((requester, operation, nodes));
            return ValueTask.FromResult(!_denied.Contains((requester.Bare.ToString(), operation)));
        }
    }
}
