using System.Xml.Linq;
using Edge.Iot.SensorData.Internal;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Iot.SensorData;

/// <summary>
/// The requester side of XEP-0323 (the <c>edge readout</c> command, integration tests): sends <c>req</c>, follows
/// <c>accepted</c> / <c>started</c> / <c>fields</c> / <c>failure</c> / <c>done</c>, and returns what came back. A
/// device's refusal is data (<see cref="ReadoutOutcome.Rejected"/>), not an exception. Create one per
/// <see cref="XmppClient"/>: it listens to every inbound message and matches sender JID and seqnr.
/// </summary>
/// <remarks>
/// Lenient toward old devices, each case named: an IQ error carrying the v0.2 <c>rejected</c> element instead of a
/// stanza error (slixmpp 1.8.3's xep_0323 device answers refusals and unknown cancels that way) reads as a rejection
/// with the <c>rejected/error</c> text; <c>fields</c> or <c>done</c> before the <c>accepted</c> answer are kept (XEP-0323
/// §3: the device may omit <c>accepted</c>); for value and time leniencies see <see cref="FieldsElement.TryParseField"/>
/// and <see cref="FailureMessage"/>. Times without a zone are read in the <see cref="TimeProvider.LocalTimeZone"/>.
/// </remarks>
public sealed class SensorDataClient
{
    private static readonly XNamespace Ns = SensorDataNamespaces.SensorData;

    private readonly XmppClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<ClientReadout> _pending = [];
    private int _seqNr;

    public SensorDataClient(XmppClient client, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        client.OnMessage(OnMessageAsync);
    }

    /// <summary>A sequence number not used before by this client (XEP-0323: unique among the requester's requests).</summary>
    public int NextSeqNr() => Interlocked.Increment(ref _seqNr);

    /// <summary>
    /// Reads out <paramref name="device"/> (a full JID, as a device's readout answers come from one). Returns when the
    /// device is done, refused, or the readout was cancelled; <paramref name="progress"/> sees each step as it arrives.
    /// <paramref name="timeout"/> is the longest silence tolerated: for the IQ answer, then between the device's
    /// messages; a queued readout's wait until its <c>when</c> is not counted. Default: the client's IQ timeout.
    /// Exceeding it throws <see cref="XmppTimeoutException"/> (what arrived until then went to
    /// <paramref name="progress"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A readout with the same seqnr to the same device is still running.</exception>
    public async Task<ReadoutResult> ReadAsync(Jid device, ReadoutRequest request, IProgress<ReadoutEvent>? progress,
        CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(request);
        var limit = timeout ?? _client.Options.IqTimeout;
        var readout = new ClientReadout(device, request.SeqNr, progress, _time);
        lock (_pending)
        {
            if (_pending.Any(p => p.SeqNr == request.SeqNr && p.Device == device))
            {
                throw new InvalidOperationException($"A readout with seqnr {request.SeqNr} to {device} is still running.");
            }

            _pending.Add(readout);
        }

        try
        {
            var response = await _client.SendIqAsync(_client.CreateIq("get", device, request.ToElement()), cancellationToken, limit)
                .ConfigureAwait(false);
            if (response.IsError)
            {
                return new ReadoutResult(request.SeqNr, ReadoutOutcome.Rejected, false, [], [], RejectionOf(response));
            }

            // Any other result payload (or none) is taken as a plain acceptance.
            var queued = response.Payload is { } payload && ReadoutAccepted.TryParse(payload, out var accepted, out _) && accepted.Queued;
            readout.OnAccepted(queued);

            while (true)
            {
                var quietSince = request.When is { } when && when > readout.LastActivity ? when : readout.LastActivity;
                var remaining = quietSince + limit - _time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    throw new XmppTimeoutException(
                        $"Readout {request.SeqNr} from {device}: nothing heard for {limit} and the device has not said it is done.");
                }

                try
                {
                    var outcome = await readout.Ended.WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false);
                    return readout.ToResult(outcome);
                }
                catch (TimeoutException)
                {
                    // Something may have arrived meanwhile: measure the silence again.
                }
            }
        }
        finally
        {
            lock (_pending)
            {
                _pending.Remove(readout);
            }
        }
    }

    /// <summary>
    /// Cancels readout <paramref name="seqNr"/> on <paramref name="device"/> (XEP-0323 §3.7). Returns null when the
    /// device confirmed (<c>cancelled</c>; a <see cref="ReadAsync"/> waiting for it then returns
    /// <see cref="ReadoutOutcome.Cancelled"/>), else the device's error (e.g. item-not-found).
    /// </summary>
    public async Task<StanzaError?> CancelAsync(Jid device, int seqNr, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var iq = _client.CreateIq("get", device, new ReadoutSignal(ReadoutSignalKind.Cancel, seqNr).ToElement());
        var response = await _client.SendIqAsync(iq, cancellationToken, timeout).ConfigureAwait(false);
        if (response.IsError)
        {
            return RejectionOf(response);
        }

        Find(device, seqNr)?.OnCancelled();
        return null;
    }

    /// <summary>The device's "no"; the v0.2 <c>rejected</c> element (slixmpp 1.8.3) when it sent no stanza error.</summary>
    private static StanzaError RejectionOf(IqResponse response)
    {
        var error = response.Error!;
        var rejected = response.Stanza.Element(Ns + "rejected");
        if (rejected is null)
        {
            return error;
        }

        var text = rejected.Element(Ns + "error")?.Value;
        return response.Stanza.Element(XmppNamespaces.Client + "error") is null
            ? new StanzaError("cancel", "undefined-condition", text)
            : error with { Text = error.Text ?? text };
    }

    private ClientReadout? Find(Jid sender, int seqNr)
    {
        lock (_pending)
        {
            return _pending.FirstOrDefault(p => p.SeqNr == seqNr && p.Matches(sender));
        }
    }

    private ValueTask OnMessageAsync(XElement message, CancellationToken cancellationToken)
    {
        var from = (string?)message.Attribute("from");
        if ((string?)message.Attribute("type") == "error" || !Jid.TryParse(from, out var sender))
        {
            return ValueTask.CompletedTask;
        }

        foreach (var element in message.Elements().Where(e => e.Name.Namespace == Ns))
        {
            Dispatch(sender, element);
        }

        return ValueTask.CompletedTask;
    }

    private void Dispatch(Jid sender, XElement element)
    {
        var name = element.Name.LocalName;
        string? error = null;
        switch (name)
        {
            case "fields" when FieldsMessage.TryParse(element, _time.LocalTimeZone, out var fields, out error):
                WithReadout(sender, name, fields.SeqNr)?.OnFields(fields);
                return;
            case "failure" when FailureMessage.TryParse(element, _time.LocalTimeZone, out var failure, out error):
                WithReadout(sender, name, failure.SeqNr)?.OnFailure(failure);
                return;
            case "started" or "done" when ReadoutSignal.TryParse(element, out var signal, out error):
                var readout = WithReadout(sender, name, signal.SeqNr);
                if (signal.Kind == ReadoutSignalKind.Started)
                {
                    readout?.OnStarted();
                }
                else
                {
                    readout?.OnDone();
                }

                return;
        }

        if (error is not null)
        {
            Log.UnreadableSensorData(_logger, name, sender.ToString(), error);
        }
    }

    private ClientReadout? WithReadout(Jid sender, string element, int seqNr)
    {
        var readout = Find(sender, seqNr);
        if (readout is null)
        {
            Log.UnmatchedSensorData(_logger, element, sender.ToString(), seqNr);
        }

        return readout;
    }
}
