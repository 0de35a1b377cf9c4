using Edge.Iot.SensorData.Internal;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.SensorData;

public sealed partial class SensorDataServer
{
    /// <summary>
    /// Runs an accepted readout (the continuation of its <c>accepted</c> answer). Messages, as in XEP-0323 §3:
    /// a queued readout first waits for its <c>when</c> and sends <c>started</c>; then one <c>fields</c> message per
    /// node, as each is read (a failed node sends the fields it read before failing, if any); the node errors are
    /// collected into one <c>failure</c> message at the end. The last message carries <c>done='true'</c> — the
    /// last <c>fields</c> when nothing failed (§3.1, §3.5), else the <c>failure</c> (§3.2); with no node at all, a
    /// <c>done</c> message (§3.4).
    /// </summary>
    /// <remarks>
    /// Errors go last, in one message, for slixmpp 1.8.3's xep_0323 client: it ends its session at the first
    /// <c>failure</c> it receives (and reads only its first <c>error</c>), so fields sent after a failure would be lost
    /// there; it also has no handler for a separate <c>done</c> message, hence <c>done</c> as an attribute.
    /// </remarks>
    private async Task RunAsync(PendingReadout pending, CancellationToken sessionToken)
    {
        var requester = pending.Requester.ToString();
        try
        {
            if (sessionToken.IsCancellationRequested)
            {
                Log.ReadoutDropped(_logger, pending.SeqNr, requester, "its 'accepted' answer could not be sent", null);
                return;
            }

            var token = pending.Token;
            if (pending.Due is { } due)
            {
                // Measured now, not at acceptance: time may have moved on while the answer was sent.
                var wait = due - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, token).ConfigureAwait(false);
                }

                await SendAsync(pending, new ElementContent(new ReadoutSignal(ReadoutSignalKind.Started, pending.SeqNr).ToElement())).ConfigureAwait(false);
                Log.ReadoutStarted(_logger, pending.SeqNr, requester);
            }

            var filter = pending.Request.ToFilter();
            var errors = new List<ReadoutError>();
            for (var i = 0; i < pending.Nodes.Count; i++)
            {
                var readout = await ReadNodeAsync(pending.Nodes[i], filter, token).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                if (readout.Error is { } error)
                {
                    Log.NodeReadFailed(_logger, readout.Node.ToString(), error);
                    errors.Add(new ReadoutError(readout.Node, now, error));
                }

                if (!readout.Failed || readout.Fields.Count > 0)
                {
                    var last = i == pending.Nodes.Count - 1 && errors.Count == 0;
                    // Written straight into the connection's buffer (FieldsPayload), the same bytes as FieldsElement.Create's tree.
                    var reading = new Reading(readout.Node, now, readout.Fields, 0);
                    await SendAsync(pending, new FieldsPayload(reading, pending.SeqNr, done: last)).ConfigureAwait(false);
                }
            }

            if (errors.Count > 0)
            {
                await SendAsync(pending, new ElementContent(new FailureMessage(pending.SeqNr, errors, done: true).ToElement())).ConfigureAwait(false);
            }
            else if (pending.Nodes.Count == 0)
            {
                await SendAsync(pending, new ElementContent(new ReadoutSignal(ReadoutSignalKind.Done, pending.SeqNr).ToElement())).ConfigureAwait(false);
            }

            Log.ReadoutDone(_logger, pending.SeqNr, requester, pending.Nodes.Count, errors.Count);
        }
        catch (OperationCanceledException) when (pending.Token.IsCancellationRequested)
        {
            // Cancelled by the requester (logged by the cancel handler) or by disposal: nothing more is sent.
        }
        catch (XmppException e)
        {
            // XEP-0323 §3: a device may lose a readout; the requester has to cope (its timeout, a retry).
            Log.ReadoutDropped(_logger, pending.SeqNr, requester, "the connection is down", e);
        }
        finally
        {
            lock (_lock)
            {
                if (_pending.TryGetValue(pending.Key, out var current) && ReferenceEquals(current, pending))
                {
                    _pending.Remove(pending.Key);
                }
            }

            await pending.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One message of the readout to its requester: <c>&lt;message to='requester'&gt;payload&lt;/message&gt;</c>.</summary>
    private Task SendAsync(PendingReadout pending, IXmlContent payload) =>
        pending.SendAsync(_client, new OutgoingMessage(pending.Requester, payload));

    /// <summary>
    /// Reads one node, never throwing for the node's sake: a provider that throws or takes longer than
    /// <see cref="SensorDataServerOptions.NodeReadTimeout"/> becomes a node error (the XEP's own example text,
    /// "Timeout.", for the latter). Only the readout's cancellation propagates.
    /// </summary>
    private async Task<NodeReadout> ReadNodeAsync(ThingNode node, ReadoutFilter filter, CancellationToken cancellationToken)
    {
        // The time limit starts before the provider is called (and does not depend on the provider honouring it).
        using var timeout = new CancellationTokenSource(_options.NodeReadTimeout, _time);
        using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _provider.ReadAsync(node, filter, read.Token).AsTask().WaitAsync(read.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.NodeReadTimedOut(_logger, node.Reference.ToString(), _options.NodeReadTimeout);
            return new NodeReadout(node.Reference, [], "Timeout.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ProviderThrew(_logger, node.Reference.ToString(), e);
            return new NodeReadout(node.Reference, [], "The device could not read this node.");
        }
    }
}
