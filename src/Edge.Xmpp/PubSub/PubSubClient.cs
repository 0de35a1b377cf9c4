using System.Globalization;
using System.Xml.Linq;

namespace Edge.Xmpp.PubSub;

/// <summary>
/// XEP-0060 client: create/configure nodes, publish with a chosen item id (so a resend replaces instead of
/// duplicating), retract, subscribe, read items, and receive event notifications. A <c>null</c> service means PEP on
/// our own bare JID (XEP-0163).
/// </summary>
public sealed class PubSubClient
{
    private readonly XmppClient _client;
    private Tuple<IReadOnlyDictionary<string, string>, XElement>? _lastPublishOptions; // one object: read and replaced whole

    public PubSubClient(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        client.OnMessage((message, _) =>
        {
            var items = message.Element(PubSubNamespaces.Event + "event")?.Element(PubSubNamespaces.Event + "items");
            var handler = ItemReceived;
            if (items is null || handler is null)
            {
                return ValueTask.CompletedTask;
            }

            var service = Jid.TryParse((string?)message.Attribute("from"), out var from) ? from : null;
            var node = (string?)items.Attribute("node") ?? string.Empty;
            var delay = message.Element(XName.Get("delay", "urn:xmpp:delay"))?.Attribute("stamp");
            DateTimeOffset? delayed = delay is not null && DateTimeOffset.TryParse(delay.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
            foreach (var item in items.Elements(PubSubNamespaces.Event + "item"))
            {
                handler(this, new PubSubItem(service, node, (string?)item.Attribute("id"), item.Elements().FirstOrDefault(), delayed));
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Raised for each item in an inbound event notification.</summary>
    public event EventHandler<PubSubItem>? ItemReceived;

    /// <summary>Creates a node with an optional configuration. A node that already exists answers <c>conflict</c>.</summary>
    public Task<IqResponse> CreateNodeAsync(Jid? service, string node, IReadOnlyDictionary<string, string>? config, CancellationToken cancellationToken)
    {
        var pubsub = new XElement(PubSubNamespaces.PubSub + "pubsub", new XElement(PubSubNamespaces.PubSub + "create", new XAttribute("node", node)));
        if (config is { Count: > 0 })
        {
            pubsub.Add(new XElement(PubSubNamespaces.PubSub + "configure", SubmitForm(PubSubNamespaces.NodeConfigFormType, config)));
        }

        return _client.SendIqAsync(_client.CreateIq("set", service, pubsub), cancellationToken);
    }

    /// <summary>Submits a node configuration (owner use case).</summary>
    public Task<IqResponse> ConfigureNodeAsync(Jid? service, string node, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        var pubsub = new XElement(PubSubNamespaces.Owner + "pubsub",
            new XElement(PubSubNamespaces.Owner + "configure", new XAttribute("node", node), SubmitForm(PubSubNamespaces.NodeConfigFormType, config)));
        return _client.SendIqAsync(_client.CreateIq("set", service, pubsub), cancellationToken);
    }

    /// <summary>Publishes one item with the given id; with <paramref name="publishOptions"/> as XEP-0060 §7.1.5 preconditions.</summary>
    public Task<IqResponse> PublishAsync(Jid? service, string node, string itemId, XElement payload,
        IReadOnlyDictionary<string, string>? publishOptions, CancellationToken cancellationToken) =>
        _client.SendIqAsync(CreatePublish(service, node, itemId, payload, publishOptions), cancellationToken);

    /// <summary>As the overload taking an <see cref="XElement"/>, for a payload that writes itself (no tree per publish).</summary>
    public Task<IqResponse> PublishAsync(Jid? service, string node, string itemId, IXmlContent payload,
        IReadOnlyDictionary<string, string>? publishOptions, CancellationToken cancellationToken) =>
        _client.SendIqAsync(CreatePublish(service, node, itemId, payload, publishOptions), cancellationToken);

    /// <summary>
    /// The IQ that publishes one item (XEP-0060 §7.1), for sending in a batch (<see cref="XmppClient.SendIqBatchAsync"/>);
    /// with <paramref name="publishOptions"/> as §7.1.5 preconditions.
    /// </summary>
    public XElement CreatePublish(Jid? service, string node, string itemId, XElement payload, IReadOnlyDictionary<string, string>? publishOptions)
    {
        var pubsub = new XElement(PubSubNamespaces.PubSub + "pubsub",
            new XElement(PubSubNamespaces.PubSub + "publish", new XAttribute("node", node),
                new XElement(PubSubNamespaces.PubSub + "item", new XAttribute("id", itemId), payload)));
        if (publishOptions is { Count: > 0 })
        {
            pubsub.Add(new XElement(PubSubNamespaces.PubSub + "publish-options", SubmitForm(PubSubNamespaces.PublishOptionsFormType, publishOptions)));
        }

        return _client.CreateIq("set", service, pubsub);
    }

    /// <summary>
    /// The IQ that publishes one item whose payload writes itself (XEP-0060 §7.1): no <see cref="XElement"/> tree is built
    /// for it; the bytes are those of the overload taking an <see cref="XElement"/>. The publish-options form of the same
    /// dictionary instance is built once and reused (a publisher passes its node configuration every time).
    /// </summary>
    public OutgoingIq CreatePublish(Jid? service, string node, string itemId, IXmlContent payload, IReadOnlyDictionary<string, string>? publishOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentNullException.ThrowIfNull(payload);
        XElement? form = null;
        if (publishOptions is { Count: > 0 })
        {
            var cached = Volatile.Read(ref _lastPublishOptions);
            if (cached is not null && ReferenceEquals(cached.Item1, publishOptions))
            {
                form = cached.Item2;
            }
            else
            {
                form = SubmitForm(PubSubNamespaces.PublishOptionsFormType, publishOptions);
                Volatile.Write(ref _lastPublishOptions, Tuple.Create(publishOptions, form));
            }
        }

        return new OutgoingIq("set", _client.NextId(), service, new PublishContent(node, itemId, payload, form));
    }

    public Task<IqResponse> RetractAsync(Jid? service, string node, string itemId, CancellationToken cancellationToken) =>
        _client.SendIqAsync(_client.CreateIq("set", service, new XElement(PubSubNamespaces.PubSub + "pubsub",
            new XElement(PubSubNamespaces.PubSub + "retract", new XAttribute("node", node), new XAttribute("notify", "true"),
                new XElement(PubSubNamespaces.PubSub + "item", new XAttribute("id", itemId))))), cancellationToken);

    /// <summary>Subscribes our bare JID to a node.</summary>
    public Task<IqResponse> SubscribeAsync(Jid service, string node, CancellationToken cancellationToken) =>
        _client.SendIqAsync(_client.CreateIq("set", service, new XElement(PubSubNamespaces.PubSub + "pubsub",
            new XElement(PubSubNamespaces.PubSub + "subscribe", new XAttribute("node", node), new XAttribute("jid", _client.Jid.ToString())))),
            cancellationToken);

    public Task<IqResponse> UnsubscribeAsync(Jid service, string node, CancellationToken cancellationToken) =>
        _client.SendIqAsync(_client.CreateIq("set", service, new XElement(PubSubNamespaces.PubSub + "pubsub",
            new XElement(PubSubNamespaces.PubSub + "unsubscribe", new XAttribute("node", node), new XAttribute("jid", _client.Jid.ToString())))),
            cancellationToken);

    /// <summary>Reads the items a node holds (up to <paramref name="max"/>).</summary>
    public async Task<IReadOnlyList<PubSubItem>> GetItemsAsync(Jid? service, string node, int? max, CancellationToken cancellationToken)
    {
        var items = new XElement(PubSubNamespaces.PubSub + "items", new XAttribute("node", node));
        if (max is not null)
        {
            items.SetAttributeValue("max_items", max.Value);
        }

        var response = (await _client.SendIqAsync(_client.CreateIq("get", service, new XElement(PubSubNamespaces.PubSub + "pubsub", items)),
            cancellationToken).ConfigureAwait(false)).EnsureSuccess($"Reading items of node '{node}'");
        return response.Payload?.Element(PubSubNamespaces.PubSub + "items")?.Elements(PubSubNamespaces.PubSub + "item")
            .Select(i => new PubSubItem(service, node, (string?)i.Attribute("id"), i.Elements().FirstOrDefault()))
            .ToArray() ?? [];
    }

    /// <summary>A submitted XEP-0004 form with a FORM_TYPE and the given fields.</summary>
    public static XElement SubmitForm(string formType, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var x = new XElement(PubSubNamespaces.DataForms + "x", new XAttribute("type", "submit"),
            new XElement(PubSubNamespaces.DataForms + "field", new XAttribute("var", "FORM_TYPE"), new XAttribute("type", "hidden"),
                new XElement(PubSubNamespaces.DataForms + "value", formType)));
        foreach (var (key, value) in fields)
        {
            x.Add(new XElement(PubSubNamespaces.DataForms + "field", new XAttribute("var", key), new XElement(PubSubNamespaces.DataForms + "value", value)));
        }

        return x;
    }
}
