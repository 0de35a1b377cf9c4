using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Edge.Xmpp;

/// <summary>
/// What an IQ handler answers: a result payload (or empty result), or a stanza error; optionally followed by a
/// continuation that runs once the answer is queued for sending (see <see cref="Then"/>).
/// </summary>
public sealed partial class IqReply
{
    private IqReply(XElement? payload, StanzaError? error, Func<CancellationToken, Task>? continuation)
    {
        Payload = payload;
        Error = error;
        Continuation = continuation;
    }

    public XElement? Payload { get; }

    public StanzaError? Error { get; }

    /// <summary>What runs after the answer was queued (null = nothing).</summary>
    public Func<CancellationToken, Task>? Continuation { get; }

    public static IqReply Result(XElement? payload = null) => new(payload, null, null);

    public static IqReply Fail(StanzaError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)), null);

    /// <summary>
    /// This reply, followed by <paramref name="continuation"/>: a protocol whose IQ answer announces later messages
    /// (XEP-0323 <c>accepted</c>, then <c>fields</c> messages) sends them from here, so they reach the wire after the
    /// answer. The client starts it once the answer is in its outbound queue (the single writer keeps that order).
    /// </summary>
    /// <remarks>
    /// The continuation runs exactly once. Its token is cancelled when the session that carried the request ends;
    /// if the answer could not be queued at all (the connection was already gone) the continuation still runs, with
    /// that token already cancelled, so it can release whatever the handler reserved. Exceptions it throws are
    /// logged and never reach the client's loops. Long-running work (a deferred readout) may outlive the session:
    /// it then uses its own lifetime token, and <see cref="XmppClient.SendAsync(System.Xml.Linq.XElement, CancellationToken)"/> the current session.
    /// </remarks>
    public IqReply Then(Func<CancellationToken, Task> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return new IqReply(Payload, Error, continuation);
    }

    /// <summary>Runs the continuation (if any), logging instead of throwing. Called by the client's IQ answerer.</summary>
    internal async Task RunContinuationAsync(ILogger logger, string payload, CancellationToken cancellationToken)
    {
        if (Continuation is null)
        {
            return;
        }

        try
        {
            await Continuation(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session ended while it ran; nothing to report.
        }
        catch (Exception e)
        {
            ContinuationFailed(logger, payload, e);
        }
    }

    // Event id in Edge.Xmpp's range (1000-1999); kept here so the hook lives in one file.
    [LoggerMessage(1090, LogLevel.Error, "The continuation of the answer to an IQ {Payload} failed")]
    private static partial void ContinuationFailed(ILogger logger, string payload, Exception exception);
}
