using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>
/// One IQ get/set of a batch (<see cref="XmppClient.SendIqBatchAsync"/>) and what to do when it ends: with the
/// peer's answer (a stanza error is data, in <see cref="IqResponse.Error"/>), or with the failure — an
/// <see cref="XmppTimeoutException"/>, an <see cref="XmppConnectionException"/> when the connection goes, an
/// <see cref="OperationCanceledException"/> when the send was cancelled. It ends exactly once.
/// </summary>
public sealed class IqRequest
{
    /// <summary>A request built as a tree; <paramref name="iq"/> gets a fresh id when it has none.</summary>
    /// <param name="iq">The IQ.</param>
    /// <param name="onAnswer">See <see cref="OnAnswer"/>.</param>
    public IqRequest(XElement iq, Action<IqResponse?, Exception?> onAnswer)
    {
        ArgumentNullException.ThrowIfNull(iq);
        ArgumentNullException.ThrowIfNull(onAnswer);
        Element = iq;
        OnAnswer = onAnswer;
    }

    /// <summary>A request that writes itself (the hot path: no tree, <see cref="OutgoingIq"/>).</summary>
    /// <param name="iq">The IQ, with its id.</param>
    /// <param name="onAnswer">See <see cref="OnAnswer"/>.</param>
    public IqRequest(OutgoingIq iq, Action<IqResponse?, Exception?> onAnswer)
    {
        ArgumentNullException.ThrowIfNull(iq);
        ArgumentNullException.ThrowIfNull(onAnswer);
        Outgoing = iq;
        OnAnswer = onAnswer;
    }

    /// <summary>Gets the IQ built as a tree, or null when it writes itself (<see cref="Outgoing"/>).</summary>
    public XElement? Element { get; }

    /// <summary>Gets the IQ that writes itself, or null when it is a tree (<see cref="Element"/>).</summary>
    public OutgoingIq? Outgoing { get; }

    /// <summary>
    /// Gets what is called when the request ends, on the thread that ends it (the receive loop for an answer): keep it
    /// short, hand the result on (a channel write), never block or throw there.
    /// </summary>
    public Action<IqResponse?, Exception?> OnAnswer { get; }
}
