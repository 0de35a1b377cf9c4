using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>
/// One IQ get/set of a batch (<see cref="XmppClient.SendIqBatchAsync"/>) and what to do when it ends: with the
/// peer's answer (a stanza error is data, in <see cref="IqResponse.Error"/>), or with the failure — an
/// <see cref="XmppTimeoutException"/>, an <see cref="XmppConnectionException"/> when the connection goes, an
/// <see cref="OperationCanceledException"/> when the send was cancelled. It ends exactly once.
/// </summary>
/// <param name="Iq">The IQ; it gets a fresh id when it has none.</param>
/// <param name="OnAnswer">
/// Called on the thread that ends the request (the receive loop for an answer): keep it short, hand the result on (a
/// channel write), never block or throw there.
/// </param>
public sealed record IqRequest(XElement Iq, Action<IqResponse?, Exception?> OnAnswer);
