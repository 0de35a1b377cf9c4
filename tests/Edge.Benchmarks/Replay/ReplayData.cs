using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Edge.Agent;
using Edge.Agent.Outbox;
using Edge.Agent.Publishing;
using Edge.Iot.SensorData;
using Edge.Things;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Benchmarks.Replay;

/// <summary>
/// The backlog an outage leaves: <see cref="Samples"/> sampling cycles of <see cref="Nodes"/> meters, one second apart
/// (so every item id — the sampling time — is distinct per node), each reading four numeric fields. Written three ways
/// with the same readings in the same order (cycle by cycle, node by node): the agent's outbox of today (through the
/// <see cref="DurableOutbox"/> API), the one-file-per-entry outbox of commit b68920b, and JSON lines for the slixmpp
/// peer carrying the very payload the agent sends.
/// </summary>
public sealed class ReplayData
{
    /// <summary>The agent's account local part: node names are <c>{prefix}agent/{nodeId}</c>.</summary>
    private const string DeviceLocal = "agent";

    public ReplayData(int nodes, int samples, string nodePrefix)
    {
        Nodes = nodes;
        Samples = samples;
        NodePrefix = nodePrefix;

        // Whole seconds, two hours back: the outage's readings, all in the past.
        var now = DateTimeOffset.UtcNow;
        Start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddHours(-2);
    }

    public int Nodes { get; }

    public int Samples { get; }

    public string NodePrefix { get; }

    public DateTimeOffset Start { get; }

    public int Count => Nodes * Samples;

    public static string NodeId(int node) => "meter-" + node.ToString("D2", CultureInfo.InvariantCulture);

    public string PubSubNode(int node) => NodePrefix + DeviceLocal + "/" + NodeId(node);

    public DateTimeOffset Time(int sample) => Start.AddSeconds(sample);

    public string ItemId(int sample) => NodeNames.ItemId(Time(sample));

    /// <summary>The <paramref name="index"/>-th reading in outbox order (cycle by cycle, node by node).</summary>
    public Reading Reading(int index)
    {
        int sample = index / Nodes, node = index % Nodes;
        var t = Time(sample);
        double x = sample + (node * 0.37);
        return new Reading(new ThingReference(NodeId(node)), t,
        [
            new Field("Voltage", new NumericValue(230 + (3 * Math.Sin(x / 60)), "V", 1), t),
            new Field("Current", new NumericValue(8 + (2 * Math.Cos(x / 45)), "A", 2), t),
            new Field("Power", new NumericValue(1850 + (400 * Math.Sin(x / 30)), "W", 1), t),
            new Field("Energy", new NumericValue(1234.5 + (x * 0.0005), "kWh", 3), t),
        ], index + 1);
    }

    /// <summary>The payload the agent publishes for a reading (its publisher's encoding).</summary>
    public static string Payload(Reading reading) => FieldsElement.Create(reading, seqnr: 0).ToString(SaveOptions.DisableFormatting);

    /// <summary>Fills <paramref name="directory"/> the way the agent's sampler would, one append per cycle. Returns the fsyncs.</summary>
    public async Task<long> WriteOutboxAsync(string directory)
    {
        // All cycles handed over at once: group commit packs them into few fsyncs (set-up, not what is measured).
        var options = new OutboxOptions { MaxEntries = Math.Max(100_000, Count), MaxBytes = 1L << 30 };
        await using var outbox = new DurableOutbox(directory, options, TimeProvider.System, NullLogger.Instance);
        var appends = new List<Task<AppendResult>>(Samples);
        for (var sample = 0; sample < Samples; sample++)
        {
            appends.Add(outbox.AppendAsync([.. Enumerable.Range(sample * Nodes, Nodes).Select(Reading)], CancellationToken.None));
        }

        foreach (var result in await Task.WhenAll(appends))
        {
            if (result != AppendResult.Durable)
            {
                throw new InvalidOperationException($"outbox pre-fill: an append was {result}");
            }
        }

        if (outbox.Count != Count)
        {
            throw new InvalidOperationException($"outbox pre-fill: {outbox.Count} readings, expected {Count}");
        }

        return outbox.Fsyncs;
    }

    /// <summary>
    /// Fills <paramref name="directory"/> in the format of commit b68920b: <c>{seq:D19}.entry</c> with node, item id and
    /// payload on three lines, and <c>next-sequence</c>. Written without fsync: set-up only (the old append's cost is
    /// measured by <see cref="OutboxAppendLoad"/>).
    /// </summary>
    public void WriteLegacyOutbox(string directory)
    {
        Directory.CreateDirectory(directory);
        for (var i = 0; i < Count; i++)
        {
            var reading = Reading(i);
            var text = PubSubNode(i % Nodes) + "\n" + ItemId(i / Nodes) + "\n" + Payload(reading);
            File.WriteAllText(Path.Combine(directory, i.ToString("D19", CultureInfo.InvariantCulture) + ".entry"), text, new UTF8Encoding(false));
        }

        File.WriteAllText(Path.Combine(directory, "next-sequence"), Count.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>One JSON object per line: <c>{"node":…,"id":…,"payload":…}</c>, in outbox order, for the slixmpp peer.</summary>
    public void WritePeerItems(string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        for (var i = 0; i < Count; i++)
        {
            writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["node"] = PubSubNode(i % Nodes),
                ["id"] = ItemId(i / Nodes),
                ["payload"] = Payload(Reading(i)),
            }));
        }
    }

    /// <summary>The payload size in bytes (UTF-8) of the first reading.</summary>
    public int PayloadBytes => Encoding.UTF8.GetByteCount(Payload(Reading(0)));
}
