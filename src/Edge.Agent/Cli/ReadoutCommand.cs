using System.Globalization;
using Edge.Iot.SensorData;
using Edge.Things;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge readout</c>: reads a device out over XEP-0323 (<c>urn:xmpp:iot:sensordata</c>) and prints the fields as a
/// table, or as JSON lines (<c>--json</c>, one object per field, printed as each <c>fields</c> message arrives). Progress
/// (accepted, queued, started) and node failures go to standard error; exit 1 when the device refused or a node failed.
/// </summary>
public static class ReadoutCommand
{
    public const string Help = """
        edge readout --jid JID --password PW --device DEVICE [--node ID ...] [--field NAME ...] [--kind KIND ...] [options]

          Reads sensor data out of a device (XEP-0323) and prints one row per field.

          --node ID          a node to read (repeatable; default: every node; ids from 'edge nodes')
          --source ID        the data source of the nodes (default: none, which the agent reads as MeteringTopology)
          --field NAME       only this field (repeatable)
          --kind KIND        momentary, peak, status, computed, identity, historical, historicalSecond … historicalOther,
                             or all (repeatable or comma-separated; default: all)
          --from TIME        historical values from TIME, --to TIME until TIME
          --when TIME        ask the device to read at TIME (deferred readout; it answers 'queued' and then 'started')
                             TIME: an ISO 8601 date-time (2026-11-23T08:00:00Z) or relative to now: -2h, -15m, +30s, -1d
          --json             one JSON object per field (node, name, type, value, unit, timestamp, flags)
        """;

    private static readonly string[] Own = ["node", "source", "field", "kind", "from", "to", "when", "json"];

    public static Task<int> RunAsync(CommandLine cl, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(cl, output, error, TimeProvider.System, cancellationToken);

    public static Task<int> RunAsync(CommandLine cl, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        cl.RejectUnknown([.. DeviceSession.Names, .. Own]);
        var now = time.GetUtcNow();
        // A fresh seqnr per run: a device may still hold an earlier run's readout under the same number.
        var request = Request(cl, now, seqNr: Random.Shared.Next(1, int.MaxValue));
        var json = cl.Flag("json");
        return DeviceSession.RunAsync(cl, error, async (client, device, token) =>
        {
            var sensorData = new SensorDataClient(client, time);
            var progress = new Reporter(output, error, json);
            var result = await sensorData.ReadAsync(device, request, progress, token, client.Options.IqTimeout).ConfigureAwait(false);
            if (result.Outcome == ReadoutOutcome.Rejected)
            {
                await error.WriteLineAsync($"{device} refused the readout: {result.Rejection}").ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            if (!json)
            {
                var rows = result.Readings.SelectMany(r => FieldRow.From(FieldsElement.Node(r))).ToList();
                await output.WriteAsync(rows.Count == 0 ? "(no fields)\n" : FieldRow.Table(rows)).ConfigureAwait(false);
            }

            return result.Failures.Count == 0 ? 0 : DeviceSession.Refused;
        }, cancellationToken, request.When is { } when && when > now ? when - now : TimeSpan.Zero);
    }

    /// <summary>The request the options describe; throws <see cref="CommandLineException"/> naming the bad option.</summary>
    public static ReadoutRequest Request(CommandLine cl, DateTimeOffset now, int seqNr)
    {
        ArgumentNullException.ThrowIfNull(cl);
        var source = cl.Value("source");
        var nodes = cl.Values("node").Select(n => new ThingReference(n, source)).ToArray();
        var kinds = ReadoutTypes.None;
        foreach (var name in cl.Values("kind").SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            kinds |= Kind(name);
        }

        var from = Time(cl, "from", now);
        var to = Time(cl, "to", now);
        if (from > to)
        {
            throw new CommandLineException($"--from ({from:O}) is after --to ({to:O}).");
        }

        return new ReadoutRequest(seqNr, kinds == ReadoutTypes.All ? ReadoutTypes.None : kinds, nodes, cl.Values("field").ToArray(),
            from, to, Time(cl, "when", now));
    }

    private static ReadoutTypes Kind(string name)
    {
        if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return ReadoutTypes.All;
        }

        if (name.Equals("historical", StringComparison.OrdinalIgnoreCase))
        {
            return ReadoutTypes.Historical;
        }

        foreach (var (flag, wire) in FieldsElement.TypeNames)
        {
            if (wire.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return flag;
            }
        }

        throw new CommandLineException(
            $"--kind '{name}' is not a readout kind: all, historical, {string.Join(", ", FieldsElement.TypeNames.Select(t => t.Name))}.");
    }

    /// <summary>An ISO 8601 date-time (without zone: UTC) or a signed offset from now: -2h, +30s, -15m, -1d.</summary>
    internal static DateTimeOffset? Time(CommandLine cl, string option, DateTimeOffset now)
    {
        var text = cl.Value(option);
        if (text is null)
        {
            return null;
        }

        if (text.Length >= 3 && text[0] is '-' or '+' && ShortDuration.TryParse(text.AsSpan(1), 100_000, out var offset))
        {
            return text[0] == '-' ? now - offset : now + offset;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new CommandLineException($"--{option} '{text}' is neither an ISO 8601 date-time (2026-11-23T08:00:00Z) nor an offset like -2h, +30s.");
    }

    /// <summary>Reports each step as it arrives, synchronously (so lines keep the device's order).</summary>
    private sealed class Reporter(TextWriter output, TextWriter error, bool json) : IProgress<ReadoutEvent>
    {
        public void Report(ReadoutEvent value)
        {
            switch (value.Kind)
            {
                case ReadoutEventKind.Queued:
                    error.WriteLine($"Readout {value.SeqNr} queued by the device; waiting for it to start.");
                    break;
                case ReadoutEventKind.Started:
                    error.WriteLine($"Readout {value.SeqNr} started.");
                    break;
                case ReadoutEventKind.Failure:
                    foreach (var e in value.Errors)
                    {
                        error.WriteLine($"Node {e.Node} failed: {e.Message}");
                    }

                    break;
                case ReadoutEventKind.Fields when json:
                    foreach (var row in value.Readings.SelectMany(r => FieldRow.From(FieldsElement.Node(r))))
                    {
                        output.WriteLine(row.ToJsonLine());
                    }

                    output.Flush();
                    break;
            }
        }
    }
}
