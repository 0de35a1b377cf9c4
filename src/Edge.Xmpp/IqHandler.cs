using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>Answers an inbound IQ get or set (the whole stanza is passed; the payload is its first child).</summary>
public delegate ValueTask<IqReply> IqHandler(XElement iq, CancellationToken cancellationToken);
