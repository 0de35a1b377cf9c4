using System.Xml.Linq;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Control;

/// <summary>
/// The requester side of XEP-0325 (the <c>edge control</c> command, integration tests): set by IQ (typed parameters
/// or a partial form) with a typed answer, set by message (no answer), and getForm.
/// </summary>
public sealed class ControlClient
{
    private readonly XmppClient _client;

    public ControlClient(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>
    /// Sets typed parameters by IQ (XEP-0325 §3.1.2) on <paramref name="nodes"/> (empty = the device itself). A device's
    /// refusal comes back as data (<see cref="ControlSetResult.Error"/> and the failing parameter); no answer throws
    /// <see cref="XmppTimeoutException"/>.
    /// </summary>
    public Task<ControlSetResult> SetAsync(Jid device, IReadOnlyList<ThingReference> nodes, IReadOnlyList<ControlValue> values,
        CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return SendSetAsync(device, new ControlSet { Nodes = nodes ?? [], Values = values }, cancellationToken, timeout);
    }

    /// <summary>
    /// Submits a (partial) control form by IQ (XEP-0325 §3.3.3): only the fields given are acted on. A form of another
    /// type than submit is sent as a submission of its fields.
    /// </summary>
    public Task<ControlSetResult> SubmitFormAsync(Jid device, IReadOnlyList<ThingReference> nodes, DataForm form,
        CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var submit = form.Type == DataFormType.Submit ? form : new DataForm { Type = DataFormType.Submit, Fields = form.Fields };
        return SendSetAsync(device, new ControlSet { Nodes = nodes ?? [], Form = submit }, cancellationToken, timeout);
    }

    /// <summary>Sends the set as any <see cref="ControlSet"/> (e.g. with tokens) by IQ.</summary>
    public async Task<ControlSetResult> SendSetAsync(Jid device, ControlSet set, CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(set);
        var response = await _client.SendIqAsync(_client.CreateIq("set", device, set.ToElement()), cancellationToken, timeout)
            .ConfigureAwait(false);
        return ControlSetResult.FromResponse(response);
    }

    /// <summary>
    /// Sets typed parameters by message (XEP-0325 §3.1.1): fire and forget, the device answers nothing either way.
    /// </summary>
    public Task SendSetMessageAsync(Jid device, IReadOnlyList<ThingReference> nodes, IReadOnlyList<ControlValue> values,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(values);
        var message = new XElement(XmppNamespaces.Client + "message",
            new XAttribute("to", device.ToString()),
            new XAttribute("id", _client.NextId()),
            new ControlSet { Nodes = nodes ?? [], Values = values }.ToElement());
        return _client.SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// Gets the control form of <paramref name="nodes"/> (empty = the device; several = their common parameters). The
    /// device's refusal comes back as data.
    /// </summary>
    public async Task<ControlFormResult> GetFormAsync(Jid device, IReadOnlyList<ThingReference> nodes,
        CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var request = new ControlGetForm { Nodes = nodes ?? [] };
        var response = await _client.SendIqAsync(_client.CreateIq("get", device, request.ToElement()), cancellationToken, timeout)
            .ConfigureAwait(false);
        return ControlFormResult.FromResponse(response);
    }
}
