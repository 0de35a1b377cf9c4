using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml.Linq;
using Edge.Iot.Provisioning;
using Edge.Iot.SensorData.Internal;
using Edge.Things;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Iot.SensorData;

/// <summary>
/// The device side of XEP-0323: answers <c>req</c> and <c>cancel</c> IQs and sends the readout's messages
/// (<c>started</c>, <c>fields</c>, <c>failure</c>, <c>done</c>) to the requester's full JID.
/// </summary>
/// <remarks>
/// A request is validated, its nodes resolved (unknown → <c>item-not-found</c>; none listed = every node), the
/// <see cref="IAccessPolicy"/> asked (refused → <c>forbidden</c>), the requester's budget checked (see
/// <see cref="SensorDataServerOptions"/>), and only then answered <c>accepted</c> — so a refused request reads nothing.
/// The readout runs after the <c>accepted</c> answer is queued (<see cref="IqReply.Then"/>), at once or at its
/// <c>when</c>. Split: <c>SensorDataServer.Readout.cs</c> runs a readout.
/// </remarks>
public sealed partial class SensorDataServer : IAsyncDisposable
{
    private static readonly XNamespace Ns = SensorDataNamespaces.SensorData;

    private readonly XmppClient _client;
    private readonly IThingProvider _provider;
    private readonly IAccessPolicy _policy;
    private readonly SensorDataServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<(Jid, int), PendingReadout> _pending = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    private SensorDataServer(XmppClient client, IThingProvider provider, IAccessPolicy policy, SensorDataServerOptions options,
        TimeProvider time, ILogger logger)
    {
        _client = client;
        _provider = provider;
        _policy = policy;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Readouts accepted and not yet ended (queued or running).</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Registers the <c>req</c> and <c>cancel</c> handlers and the <c>urn:xmpp:iot:sensordata</c> disco feature on
    /// <paramref name="client"/>. Disposing the result cancels pending readouts (queued ones never start, running
    /// ones send nothing more); the handlers then answer <c>service-unavailable</c>.
    /// </summary>
    public static SensorDataServer Register(XmppClient client, IThingProvider provider, IAccessPolicy policy,
        SensorDataServerOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new SensorDataServerOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid sensor-data options: " + string.Join(" ", errors), nameof(options));
        }

        var server = new SensorDataServer(client, provider, policy, options, time ?? TimeProvider.System, logger ?? NullLogger.Instance);
        client.RegisterIqHandler(Ns + "req", server.HandleRequestAsync, SensorDataNamespaces.Urn);
        client.RegisterIqHandler(Ns + "cancel", server.HandleCancelAsync);
        return server;
    }

    /// <summary>
    /// <c>req</c> (XEP-0323 §3): type get as in the XEP (slixmpp 1.8.3 too); set is answered the same way.
    /// </summary>
    private async ValueTask<IqReply> HandleRequestAsync(XElement iq, CancellationToken cancellationToken)
    {
        var from = (string?)iq.Attribute("from");
        if (Volatile.Read(ref _disposed))
        {
            return Refuse(from, StanzaError.ServiceUnavailable("The sensor-data service is stopping."));
        }

        if (!Jid.TryParse(from, out var requester))
        {
            return Refuse(from, StanzaError.BadRequest("The request has no valid 'from' address to send the readout to."));
        }

        if (!ReadoutRequest.TryParse(iq.Elements().First(), _time.LocalTimeZone, out var request, out var error))
        {
            return Refuse(from, StanzaError.BadRequest(error));
        }

        var now = _time.GetUtcNow();
        DateTimeOffset? due = request.When > now ? request.When : null;
        if (due - now > _options.MaxScheduleAhead)
        {
            return Refuse(from, new StanzaError("modify", "not-acceptable",
                $"The readout time 'when' ({FieldsElement.DateTime(due!.Value)}) is {Format(due.Value - now)} ahead; "
                + $"this device schedules readouts at most {Format(_options.MaxScheduleAhead)} ahead."));
        }

        if (!TryResolve(request.Nodes, out var nodes, out var missing))
        {
            return Refuse(from, StanzaError.ItemNotFound($"{Describe(missing)} was not found."));
        }

        var decision = await _policy.DecideAsync(new AccessRequest(requester, IotOperation.Read, nodes)
        {
            Types = request.Types,
            FieldNames = request.FieldNames,
            Tokens = new AccessTokens(request.ServiceToken, request.DeviceToken, request.UserToken),
        }, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed || !TryRestrict(decision, ref request, ref nodes))
        {
            // XEP-0323 §3.3 (table and example): forbidden, type cancel.
            return Refuse(from, new StanzaError("cancel", "forbidden", "Access denied."));
        }

        var pending = new PendingReadout(requester, request, nodes, due);
        if (TryReserve(pending) is { } refusal)
        {
            return Refuse(from, refusal);
        }

        Log.ReadoutAccepted(_logger, request.SeqNr, from!, nodes.Count, due);
        return IqReply.Result(new ReadoutAccepted(request.SeqNr, due is not null).ToElement())
            .Then(token => RunAsync(pending, token));
    }

    /// <summary>
    /// Narrows an allowed readout to the nodes and fields the policy lets through (XEP-0324 §Restricting nodes / fields
    /// during read-out: "The device must only permit read-out of nodes listed …"); false when nothing asked is left.
    /// </summary>
    private static bool TryRestrict(AccessDecision decision, ref ReadoutRequest request, ref IReadOnlyList<ThingNode> nodes)
    {
        if (!decision.IsRestricted)
        {
            return true;
        }

        nodes = decision.Filter(nodes);
        var fields = request.FieldNames;
        if (decision.FieldNames is { } allowed)
        {
            fields = fields.Count == 0 ? [.. allowed.Order(StringComparer.Ordinal)] : [.. fields.Where(allowed.Contains)];
        }

        if (nodes.Count == 0 || fields.Count == 0 && decision.FieldNames is not null)
        {
            return false;
        }

        request = new ReadoutRequest(request.SeqNr, request.Types, request.Nodes, fields, request.From, request.To, request.When)
        {
            ServiceToken = request.ServiceToken,
            DeviceToken = request.DeviceToken,
            UserToken = request.UserToken,
        };
        return true;
    }

    /// <summary>
    /// <c>cancel</c> (XEP-0323 §3.7): ends a queued or running readout of this requester; <c>cancelled</c> is the
    /// last thing of that readout on the wire. An unknown seqnr is <c>item-not-found</c>.
    /// </summary>
    private async ValueTask<IqReply> HandleCancelAsync(XElement iq, CancellationToken cancellationToken)
    {
        var from = (string?)iq.Attribute("from");
        if (Volatile.Read(ref _disposed))
        {
            return Refuse(from, StanzaError.ServiceUnavailable("The sensor-data service is stopping."));
        }

        if (!Jid.TryParse(from, out var requester))
        {
            return Refuse(from, StanzaError.BadRequest("The cancel has no valid 'from' address."));
        }

        if (!ReadoutSignal.TryParse(iq.Elements().First(), out var cancel, out var error))
        {
            return Refuse(from, StanzaError.BadRequest(error));
        }

        PendingReadout? pending;
        lock (_lock)
        {
            _pending.Remove((requester, cancel.SeqNr), out pending);
        }

        if (pending is null)
        {
            return Refuse(from, StanzaError.ItemNotFound($"No pending readout with seqnr {cancel.SeqNr} from {requester}."));
        }

        await pending.CancelAsync().ConfigureAwait(false);
        Log.ReadoutCancelled(_logger, cancel.SeqNr, requester.ToString());
        return IqReply.Result(new ReadoutSignal(ReadoutSignalKind.Cancelled, cancel.SeqNr).ToElement());
    }

    private IqReply Refuse(string? requester, StanzaError error)
    {
        Log.ReadoutRefused(_logger, requester ?? "(no from)", error.Condition, error.Text);
        return IqReply.Fail(error);
    }

    /// <summary>Takes a slot for <paramref name="pending"/>, or says why not.</summary>
    private StanzaError? TryReserve(PendingReadout pending)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return StanzaError.ServiceUnavailable("The sensor-data service is stopping.");
            }

            if (_pending.ContainsKey(pending.Key))
            {
                return new StanzaError("cancel", "conflict",
                    $"A readout with seqnr {pending.SeqNr} from you is still pending; use a new seqnr or cancel it first.");
            }

            if (_pending.Count >= _options.MaxPendingReadouts)
            {
                return new StanzaError("wait", "resource-constraint",
                    $"This device already has {_pending.Count} readouts pending (at most {_options.MaxPendingReadouts}); try again later.");
            }

            var mine = _pending.Keys.Count(k => k.Item1 == pending.Requester);
            if (mine >= _options.MaxPendingPerRequester)
            {
                return new StanzaError("wait", "resource-constraint",
                    $"You already have {mine} readouts pending on this device (at most {_options.MaxPendingPerRequester}); wait for them or cancel one.");
            }

            _pending.Add(pending.Key, pending);
            return null;
        }
    }

    /// <summary>
    /// The nodes a request names; each address may match several nodes (XEP-0323 §4.9: an ambiguous nodeId is the
    /// set of all nodes with it). None named = every node of the provider.
    /// </summary>
    private bool TryResolve(IReadOnlyList<ThingReference> requested, out IReadOnlyList<ThingNode> nodes,
        [NotNullWhen(false)] out ThingReference? missing)
    {
        missing = null;
        var all = NodeResolver.AllNodes(_provider).ToList();
        if (requested.Count == 0)
        {
            nodes = all;
            return true;
        }

        var found = new List<ThingNode>();
        foreach (var address in requested)
        {
            var matches = all.Where(n => n.Reference.NodeId == address.NodeId
                && (address.SourceId is null || NodeResolver.SourceOf(n.Reference) == address.SourceId)
                && (address.CacheType is null || n.Reference.CacheType == address.CacheType)).ToList();
            if (matches.Count == 0)
            {
                missing = address;
                nodes = [];
                return false;
            }

            found.AddRange(matches.Where(m => !found.Contains(m)));
        }

        nodes = found;
        return true;
    }

    private static string Describe(ThingReference node) =>
        $"Node '{node.NodeId}'"
        + (node.SourceId is null ? string.Empty : $" in data source '{node.SourceId}'")
        + (node.CacheType is null ? string.Empty : $" of cache type '{node.CacheType}'");

    private static string Format(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>Cancels every pending readout and waits until they have ended.</summary>
    public async ValueTask DisposeAsync()
    {
        PendingReadout[] pending;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var p in pending)
        {
            await p.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(pending.Select(p => p.Completion)).ConfigureAwait(false);
    }
}
