using System.Xml.Linq;
using Edge.Iot.Control.Internal;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Control;

/// <summary>getForm (XEP-0325 §3.3.1, §3.4.4).</summary>
public sealed partial class ControlServer
{
    private async ValueTask<IqReply> HandleGetFormAsync(XElement iq, CancellationToken cancellationToken)
    {
        var requester = Requester(iq);
        if ((string?)iq.Attribute("type") != "get")
        {
            return Rejected(requester, StanzaError.BadRequest("getForm is an IQ of type get."));
        }

        if (!ControlGetForm.TryParse(iq.Elements().First(), out var request, out var malformed))
        {
            return Rejected(requester, StanzaError.BadRequest(malformed));
        }

        List<ThingNode> nodes = [];
        foreach (var reference in request.Nodes)
        {
            var found = NodeElements.Resolve(_provider, reference);
            if (found.Count == 0)
            {
                return Rejected(requester, StanzaError.ItemNotFound($"Node '{reference}' not found."));
            }

            nodes.AddRange(found.Where(n => !nodes.Contains(n, ReferenceEqualityComparer.Instance)));
        }

        // No node named: the device, i.e. every node that has control parameters.
        var listed = nodes.Count > 0;
        if (!listed)
        {
            nodes = [.. NodeResolver.AllNodes(_provider).Where(n => n.Parameters.Count > 0)];
        }

        if (!await _policy.IsAllowedAsync(requester, IotOperation.Control, nodes, cancellationToken).ConfigureAwait(false))
        {
            return Rejected(requester, Forbidden(requester));
        }

        var form = ControlForm.Create(nodes, commonOnly: listed);
        Log.ControlFormServed(_logger, requester.ToString(), form.Fields.Count,
            string.Join(", ", nodes.Select(n => n.Reference.ToString())));
        return IqReply.Result(ControlForm.ToElement(form));
    }

    private IqReply Rejected(Jid requester, StanzaError error)
    {
        Log.ControlFormRejected(_logger, requester.ToString(), error.ToString());
        return IqReply.Fail(error);
    }
}
