using System.Globalization;
using System.Xml;
using Edge.Agent.DemandResponse;
using Edge.Agent.DemandResponse.OpenAdr;
using Edge.Agent.Publishing;
using Edge.Iot.SensorData;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge dr</c>, for operators testing a site end to end from a terminal: <c>status</c> reads a device's
/// demand-response state (XEP-0323 readout of its root node), <c>event</c> publishes an OpenADR 2.0b
/// <c>oadrDistributeEvent</c> to a program node (creating the node, open to subscribers, when it does not exist).
/// </summary>
public static class DrCommand
{
    public const string Help = """
        edge dr status --jid JID --password PW --device DEVICE [--json] [options]

          Prints a device's demand-response state: the event in force and its depth, the loads shed and why, the next
          restore, quiet hours, the energy budget, the import power, and the program events it knows with its opt state.

        edge dr event --jid JID --password PW --node PROGRAM [--level 1] [--start now] [--duration 1h] [options]

          Publishes a demand-response event (OpenADR 2.0b oadrDistributeEvent, SIMPLE signal) to a program node; every
          device subscribed to it acts on it. Prints the event id and modification number.

          --node NODE        the program node (Agent:DemandResponse:Program:Node of the devices)
          --service JID      the pubsub service (default: pubsub.<your domain>)
          --level L          SIMPLE level 0–3 (0 normal, 1 moderate, 2 high, 3 special; default 1)
          --start TIME       when it starts: ISO 8601 (2026-12-06T17:00:00Z) or relative (+5m; default: now)
          --duration D       how long: 90s, 30m, 2h, 1d or ISO 8601 (PT1H30M); 0 = until cancelled (default 1h)
          --start-after D    each device starts after a random delay up to D (OpenADR startafter; default none)
          --id ID            the event id (default: a new one); with a higher --modification it modifies the event
          --modification N   the modification number (default 0)
          --cancel           cancel the event --id (give a --modification higher than the last)
          --ven ID, --group ID, --resource ID, --party ID
                             address only these devices (repeatable; default: every device of the program)
          --dry-run          print the payload instead of publishing it (no connection)
        """;

    public static readonly HashSet<string> Flags = ["json", "cancel", "dry-run"];

    private static readonly string[] EventOptions =
        ["service", "node", "level", "start", "duration", "start-after", "id", "modification", "cancel", "ven", "group",
         "resource", "party", "dry-run", "timeout"];

    /// <summary>The demand-response fields of the root node's readout (<see cref="DemandResponseFields"/>).</summary>
    private static readonly string[] StatusFields =
        ["DemandResponseEvent", "DemandResponseEventId", "DemandResponseDepth", "ShedLoads", "ShedReasons", "NextRestore",
         "ProgramEvents", "QuietHoursActive", "EnergyBudgetUsedUp", "ImportPower", "EnergyToday", "LoadShedding", "ShedPriority",
         "ShedUntil", "ImportLimit", "EnergyBudget", "QuietHoursStart", "QuietHoursEnd"];

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cl = new CommandLine([.. args.Skip(1)], Flags);
        return args.Count == 0 ? throw new CommandLineException("edge dr: give 'status' or 'event'.")
            : args[0] switch
            {
                "status" => StatusAsync(cl, output, error, cancellationToken),
                "event" => EventAsync(cl, output, error, TimeProvider.System, cancellationToken),
                _ => throw new CommandLineException($"edge dr: unknown '{args[0]}'; give 'status' or 'event'."),
            };
    }

    private static Task<int> StatusAsync(CommandLine cl, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        cl.RejectUnknown([.. DeviceSession.Names, "json"]);
        var json = cl.Flag("json");
        return DeviceSession.RunAsync(cl, error, async (client, device, token) =>
        {
            var request = new ReadoutRequest(Random.Shared.Next(1, int.MaxValue), ReadoutTypes.Status | ReadoutTypes.Momentary,
                [new ThingReference("device")], StatusFields, null, null, null);
            var result = await new SensorDataClient(client).ReadAsync(device, request, null, token, client.Options.IqTimeout).ConfigureAwait(false);
            if (result.Outcome == ReadoutOutcome.Rejected)
            {
                await error.WriteLineAsync($"{device} refused the readout: {result.Rejection}").ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            var rows = result.Readings.SelectMany(r => FieldRow.From(FieldsElement.Node(r))).ToList();
            if (!rows.Exists(r => r.Name == "DemandResponseEvent"))
            {
                await error.WriteLineAsync($"{device} reports no demand-response state (no managed loads, or not an Edge agent).").ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            if (json)
            {
                foreach (FieldRow row in rows)
                {
                    await output.WriteLineAsync(row.ToJsonLine()).ConfigureAwait(false);
                }
            }
            else
            {
                var table = new List<string[]>();
                foreach (string name in StatusFields)
                {
                    if (rows.Find(r => r.Name == name) is { } row)
                    {
                        table.Add([name, row.Unit is { Length: > 0 } unit ? $"{row.Value} {unit}" : row.Value ?? string.Empty]);
                    }
                }

                await output.WriteAsync(TextTable.Render(["field", "value"], table)).ConfigureAwait(false);
            }

            return result.Failures.Count == 0 ? 0 : DeviceSession.Refused;
        }, cancellationToken);
    }

    /// <summary><c>edge dr event</c>: builds the payload from the options and publishes it (or prints it with --dry-run).</summary>
    public static async Task<int> EventAsync(CommandLine cl, TextWriter output, TextWriter error, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        cl.RejectUnknown([.. ClientArguments.Names, .. EventOptions]);
        var node = cl.Required("node");
        DateTimeOffset now = time.GetUtcNow();
        OpenAdrDistributeEvent message = Event(cl, now);
        if (cl.Flag("dry-run"))
        {
            await output.WriteLineAsync(XmlMarkup.ToText(OpenAdrWriter.Write(message), indent: true)).ConfigureAwait(false);
            return 0;
        }

        XmppClientOptions options = ClientArguments.Parse(cl);
        options.AutoReconnect = false;
        options.SendInitialPresence = false;
        var timeout = TimeSpan.FromSeconds(cl.Int("timeout", 1, 86_400) ?? 30);
        options.IqTimeout = timeout;
        var service = cl.Value("service") is { } s
            ? Jid.TryParse(s, out var parsed, out var jidError) ? parsed : throw new CommandLineException($"--service '{s}': {jidError}")
            : Jid.Parse("pubsub." + Jid.Parse(options.Jid).Domain);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        await using var client = new XmppClient(options);
        try
        {
            await client.ConnectAsync(stop.Token).ConfigureAwait(false);
            var publisher = new NodePublisher(client, new PubSubClient(client), new PublishOptions
            {
                Service = service.ToString(), MaxItems = 50, PersistItems = true, AccessModel = "open",
            }, NullLogger.Instance);
            OpenAdrEvent e = message.Events[0];
            IqResponse answer = await publisher.PublishAsync(node, e.EventId, OpenAdrWriter.Write(message), stop.Token).ConfigureAwait(false);
            if (answer.IsError)
            {
                await error.WriteLineAsync($"{service} refused the event on {node}: {answer.Error}").ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Published event {e.EventId} modification {e.ModificationNumber} ({e.EventStatus.ToString().ToLowerInvariant()}) to {node} on {service}.")).ConfigureAwait(false);
            return 0;
        }
        catch (XmppConnectionException ex)
        {
            await error.WriteLineAsync($"Cannot connect as {options.Jid}: {ex.Message}").ConfigureAwait(false);
            return DeviceSession.NoConnection;
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"Publishing to {node} on {service} failed: {ex.Message}").ConfigureAwait(false);
            return DeviceSession.Refused;
        }
    }

    /// <summary>The payload the options describe; throws <see cref="CommandLineException"/> naming a bad option.</summary>
    public static OpenAdrDistributeEvent Event(CommandLine cl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cl);
        bool cancel = cl.Flag("cancel");
        string? id = cl.Value("id");
        if (cancel && id is null)
        {
            throw new CommandLineException("--cancel needs the --id of the event to cancel.");
        }

        int level = cl.Int("level", 0, 3) ?? 1;
        DateTimeOffset start = ReadoutCommand.Time(cl, "start", now) ?? now;
        TimeSpan duration = Duration(cl, "duration") ?? TimeSpan.FromHours(1);
        TimeSpan? startAfter = Duration(cl, "start-after");
        uint modification = (uint)(cl.Int("modification", 0, int.MaxValue) ?? 0);
        DateTimeOffset end = duration == TimeSpan.Zero ? DateTimeOffset.MaxValue : start + duration;
        start = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var e = new OpenAdrEvent
        {
            EventId = id ?? string.Create(CultureInfo.InvariantCulture, $"edge-{now.UtcDateTime:yyyyMMddTHHmmss}-{Random.Shared.Next(0x10000):x4}"),
            ModificationNumber = modification,
            MarketContext = "urn:edge:program:" + cl.Required("node"),
            CreatedDateTime = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero),
            EventStatus = cancel ? OpenAdrEventStatus.Cancelled : start <= now && now < end ? OpenAdrEventStatus.Active : OpenAdrEventStatus.Far,
            DtStart = start,
            Duration = duration,
            StartAfter = startAfter,
            Signals =
            [
                new OpenAdrSignal
                {
                    SignalName = OpenAdrSignal.SimpleName, SignalType = "level", SignalId = "SIG_01", CurrentValue = start <= now ? level : 0,
                    Intervals = [new OpenAdrInterval { Uid = "0", Duration = duration, Value = level }],
                },
            ],
            Target = new OpenAdrTarget
            {
                VenIds = [.. cl.Values("ven")], GroupIds = [.. cl.Values("group")], ResourceIds = [.. cl.Values("resource")],
                PartyIds = [.. cl.Values("party")],
            },
            ResponseRequired = OpenAdrResponseRequired.Never,
        };
        return new OpenAdrDistributeEvent { RequestId = e.EventId + "-" + modification.ToString(CultureInfo.InvariantCulture), VtnId = "edge-cli", Events = [e] };
    }

    /// <summary>90s, 30m, 2h, 1d, or an ISO 8601 / xcal duration (PT1H30M); null when the option is absent.</summary>
    private static TimeSpan? Duration(CommandLine cl, string option)
    {
        string? text = cl.Value(option);
        if (text is null)
        {
            return null;
        }

        if (ShortDuration.TryParse(text, 1_000_000, out TimeSpan duration))
        {
            return duration;
        }

        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        try
        {
            TimeSpan d = XmlConvert.ToTimeSpan(text);
            return d >= TimeSpan.Zero ? d : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new CommandLineException($"--{option} '{text}' is no duration: 90s, 30m, 2h, 1d or ISO 8601 (PT1H30M).");
        }
    }
}
