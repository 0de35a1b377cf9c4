using System.Xml.Linq;

namespace Edge.Xmpp.PubSub;

/// <summary>XEP-0060 namespaces (and XEP-0004 data forms, used by node configuration and publish-options).</summary>
public static class PubSubNamespaces
{
    public static readonly XNamespace PubSub = "http://jabber.org/protocol/pubsub";
    public static readonly XNamespace Owner = "http://jabber.org/protocol/pubsub#owner";
    public static readonly XNamespace Event = "http://jabber.org/protocol/pubsub#event";
    public static readonly XNamespace DataForms = "jabber:x:data";
    public const string NodeConfigFormType = "http://jabber.org/protocol/pubsub#node_config";
    public const string PublishOptionsFormType = "http://jabber.org/protocol/pubsub#publish-options";

    /// <summary>The disco feature of a service that takes publish-options (XEP-0060 §7.1.5).</summary>
    public const string PublishOptionsFeature = "http://jabber.org/protocol/pubsub#publish-options";

    /// <summary>Application-specific pubsub error conditions (e.g. <c>precondition-not-met</c>).</summary>
    public static readonly XNamespace Errors = "http://jabber.org/protocol/pubsub#errors";
}
