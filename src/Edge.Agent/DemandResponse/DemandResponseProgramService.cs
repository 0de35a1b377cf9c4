using System.Threading.Channels;
using System.Xml.Linq;
using Edge.Agent.DemandResponse.OpenAdr;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// Grid events for a fleet: the agent subscribes to the program node (<c>Agent:DemandResponse:Program:Node</c>) on
/// the pubsub service, so one publish by a utility or aggregator reaches every device of the program. Each item is an
/// OpenADR 2.0b <c>oadrDistributeEvent</c> (bare, or inside <c>oadrPayload/oadrSignedObject</c>); every
/// <c>oadrEvent</c> in it addressed to this device (<c>ei:eiTarget</c>: empty, or naming its VEN, group, resource or
/// party id) goes to the engine through <see cref="OpenAdrMapping"/>. At every new session it subscribes again (an
/// existing subscription is kept by the server) and reads the node's items, so events published while the device was
/// offline are caught up; repeats are harmless (modification numbers). A malformed or hostile payload is logged with
/// the item's id and changes nothing. Items are taken one by one: an event ends by its schedule or by an explicit
/// <c>cancelled</c> status, not by its absence from a later item (pubsub items are independent, unlike the profile's
/// one-document-per-VEN pull).
/// </summary>
public sealed class DemandResponseProgramService(XmppClient client, PubSubClient pubsub, DemandResponseEngine engine,
    DemandResponseService runner, DemandResponseStatusReporter reporter, DemandResponseOptions options,
    PublishOptions publish, ILogger<DemandResponseProgramService> logger) : BackgroundService
{
    /// <summary>How many of the node's items are read at each new session.</summary>
    public const int CatchUpItems = 32;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);
    private readonly Channel<Work> _work = Channel.CreateBounded<Work>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private DemandResponseOptions.ProgramOptions Program => options.Program;

    /// <summary>The pubsub service the program node is on.</summary>
    public Jid Service => Jid.Parse(Program.Service is { Length: > 0 } s ? s
        : publish.Service is { Length: > 0 } p ? p : "pubsub." + client.Jid.Domain);

    /// <summary>This device's VEN id in event targets.</summary>
    public string VenId => Program.VenId is { Length: > 0 } v ? v : client.Jid.Bare.ToString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(Program.Node))
        {
            return;
        }

        string node = Program.Node;
        Jid service = Service;
        void OnConnected(object? sender, XmppConnectedEventArgs e)
        {
            if (!e.Resumed)
            {
                _ = _work.Writer.TryWrite(Work.Subscribe);
            }
        }

        void OnItem(object? sender, PubSubItem item)
        {
            if (item.Node == node && (item.Service is null || item.Service.Bare == service.Bare)
                && !_work.Writer.TryWrite(new Work(item)))
            {
                Log.DemandResponseProgramBusy(logger, node, item.Id ?? "(none)");
            }
        }

        client.Connected += OnConnected;
        pubsub.ItemReceived += OnItem;
        if (client.State == XmppClientState.Connected)
        {
            _ = _work.Writer.TryWrite(Work.Subscribe);
        }

        try
        {
            await foreach (Work work in _work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (work.Item is { } item)
                {
                    Handle(item);
                }
                else if (!await SubscribeAsync(service, node, stoppingToken).ConfigureAwait(false))
                {
                    _ = RetryLaterAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopped
        }
        finally
        {
            client.Connected -= OnConnected;
            pubsub.ItemReceived -= OnItem;
        }
    }

    /// <summary>Takes one item of the program node: every event in it addressed to this device goes to the engine.</summary>
    public void Handle(PubSubItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string id = item.Id ?? "(none)";
        if (item.Payload is not XElement payload)
        {
            return; // a retraction or an empty item: nothing to act on
        }

        if (!OpenAdrReader.TryParse(payload, out OpenAdrDistributeEvent? message, out string? error))
        {
            Log.DemandResponseProgramMalformed(logger, item.Node, id, error);
            return;
        }

        bool applied = false;
        foreach (OpenAdrEvent e in message.Events)
        {
            if (!e.Target.Matches(VenId, Program.GroupIds, Program.ResourceIds, Program.PartyIds))
            {
                Log.DemandResponseProgramNotAddressed(logger, e.EventId, id);
                continue;
            }

            GridEventChange change = engine.Apply(OpenAdrMapping.ToGridEvent(e, Program.EffectiveLevelDepths, VenId));
            applied |= change is not (GridEventChange.Unchanged or GridEventChange.Ended);
        }

        if (applied)
        {
            runner.Wake();
            reporter.Report();
        }
    }

    private async Task<bool> SubscribeAsync(Jid service, string node, CancellationToken cancellationToken)
    {
        try
        {
            IqResponse answer = await pubsub.SubscribeAsync(service, node, cancellationToken).ConfigureAwait(false);
            if (answer.IsError)
            {
                Log.DemandResponseProgramSubscribeFailed(logger, node, service.ToString(), answer.Error?.ToString() ?? "error");
                return false;
            }

            IReadOnlyList<PubSubItem> items = await pubsub.GetItemsAsync(service, node, CatchUpItems, cancellationToken).ConfigureAwait(false);
            Log.DemandResponseProgramSubscribed(logger, node, service.ToString(), items.Count);
            foreach (PubSubItem item in items)
            {
                Handle(item);
            }

            return true;
        }
        catch (XmppException e)
        {
            Log.DemandResponseProgramSubscribeFailed(logger, node, service.ToString(), e.Message);
            return false;
        }
    }

    private async Task RetryLaterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            if (client.State == XmppClientState.Connected)
            {
                _ = _work.Writer.TryWrite(Work.Subscribe);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private sealed record Work(PubSubItem? Item)
    {
        public static readonly Work Subscribe = new((PubSubItem?)null);
    }
}
