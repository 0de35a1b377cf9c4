using System.Xml.Linq;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning;

/// <summary>
/// The device's questions to its provisioning service (XEP-0324 §Friendships, §Device Read-out, §Device Control), as IQ
/// gets. A stanza error from the service throws <see cref="XmppStanzaErrorException"/>, an unreadable answer
/// <see cref="XmppProtocolException"/>, no answer in time <see cref="XmppTimeoutException"/>.
/// </summary>
public sealed class ProvisioningClient
{
    private readonly IXmppEndpoint _endpoint;

    public ProvisioningClient(IXmppEndpoint endpoint, Jid service)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(service);
        _endpoint = endpoint;
        Service = service;
    }

    /// <summary>The provisioning service asked.</summary>
    public Jid Service { get; }

    public async Task<FriendAnswer> IsFriendAsync(Jid jid, CancellationToken cancellationToken)
    {
        var payload = await AskAsync(ProvisioningCodec.IsFriend(jid), cancellationToken).ConfigureAwait(false);
        return ProvisioningCodec.TryReadIsFriendResponse(payload, out var answer, out var error) ? answer : throw Unreadable(error);
    }

    public async Task<ReadPermission> CanReadAsync(ReadPermissionRequest request, CancellationToken cancellationToken)
    {
        var payload = await AskAsync(ProvisioningCodec.CanRead(request), cancellationToken).ConfigureAwait(false);
        return ProvisioningCodec.TryReadCanReadResponse(payload, out var answer, out var error) ? answer : throw Unreadable(error);
    }

    public async Task<ControlPermission> CanControlAsync(ControlPermissionRequest request, CancellationToken cancellationToken)
    {
        var payload = await AskAsync(ProvisioningCodec.CanControl(request), cancellationToken).ConfigureAwait(false);
        return ProvisioningCodec.TryReadCanControlResponse(payload, out var answer, out var error) ? answer : throw Unreadable(error);
    }

    private async Task<XElement> AskAsync(XElement question, CancellationToken cancellationToken)
    {
        var response = await _endpoint.SendIqAsync(_endpoint.CreateIq("get", Service, question), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccess($"<{question.Name.LocalName}/> to {Service}");
        return response.Payload ?? throw Unreadable($"the answer to <{question.Name.LocalName}/> is empty");
    }

    private XmppProtocolException Unreadable(string reason) => new($"Provisioning service {Service}: {reason}");
}
