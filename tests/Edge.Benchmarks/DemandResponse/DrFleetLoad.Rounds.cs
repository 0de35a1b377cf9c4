using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Edge.Agent.Cli;
using Edge.Agent.DemandResponse.OpenAdr;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Benchmarks.DemandResponse;

/// <summary>The timed rounds: a quiet fleet, the event published, every agent's sheds, the cancel, every restore.</summary>
public static partial class DrFleetLoad
{
    private static async Task RunRoundsAsync(Settings o, IXmppTestServer server, XmppClient admin, string node, List<FleetAgent> agents,
        CancellationToken cancellationToken)
    {
        var pubsub = new PubSubClient(admin);
        var service = Jid.Parse(server.PubSubService);
        var before = new Usage(agents.Sum(a => a.Cpu()?.TotalSeconds ?? 0), ServerCpu(server), LoadAverage());
        var rounds = new List<RoundResult>();
        Console.WriteLine($"{"round",5} {"quiet",8} {"acked",8} {"first",8} {"median",8} {"last",8} {"shed",7} {"restored",9}   " +
            "(ms after the publish; quiet: s waited for the fleet to go quiet; restored: ms after the cancel's publish)");
        for (int number = 1; number <= o.Rounds; number++)
        {
            var round = await RunRoundAsync(o, number, server, pubsub, service, node, agents, cancellationToken);
            rounds.Add(round);
            var l = round.Latencies;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{number,5} {(round.Quiet ? round.QuietWaited.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "busy"),8} " +
                $"{round.Acked.TotalMilliseconds,8:F1} {Pick(l, 0),8:F1} {Percentile(l, 50),8:F1} {Pick(l, l.Count - 1),8:F1} {l.Count,3}/{agents.Count,-3} " +
                $"{(round.Restored is { } r ? r.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) : "timeout"),9}"));
            if (round.Missing.Count > 0)
            {
                Console.WriteLine($"      not all agents shed and restored within {o.RoundTimeout.TotalSeconds} s: agents {string.Join(",", round.Missing)}");
            }
        }

        var after = new Usage(agents.Sum(a => a.Cpu()?.TotalSeconds ?? 0), ServerCpu(server), LoadAverage());
        Report(o, server, agents, rounds, before, after);
    }

    /// <summary>One round: waits for a quiet fleet, publishes a level-3 event, collects every agent's sheds, cancels, waits for the restores.</summary>
    private static async Task<RoundResult> RunRoundAsync(Settings o, int number, IXmppTestServer server, PubSubClient pubsub, Jid service,
        string node, List<FleetAgent> agents, CancellationToken cancellationToken)
    {
        var (quietWaited, quiet) = await WaitQuietAsync(o, server, agents, cancellationToken);
        var id = $"fleet-{number}-{Guid.NewGuid().ToString("N")[..6]}";
        var shedsBefore = agents.Select(a => a.ShedCount).ToArray();
        var restoresBefore = agents.Select(a => a.RestoreCount).ToArray();
        var appliedBefore = agents.Select(a => a.AppliedCount).ToArray();

        // The payload is built first; the clock is read just before the publish goes out.
        var payload = EventPayload(node, ["--level", "3", "--duration", "5m", "--id", id, "--group", Group]);
        var published = DateTimeOffset.Now;
        if (o.Keep)
        {
            Console.WriteLine($"      round {number}: publishing {id} at {published.ToString(FleetAgent.TimestampFormat, CultureInfo.InvariantCulture)}");
        }

        var watch = Stopwatch.StartNew();
        var answer = await pubsub.PublishAsync(service, node, id, payload, null, cancellationToken);
        var acked = watch.Elapsed;
        if (answer.IsError)
        {
            throw new InvalidOperationException($"{server.Name} refused the event: {answer.Error}");
        }

        bool allShed = await WaitAsync(() => agents.Select((a, i) => a.ShedCount - shedsBefore[i] >= LoadsPerAgent).All(b => b), o.RoundTimeout, cancellationToken);
        var latencies = new List<double>();
        var toApplied = new List<double>();
        var toShed = new List<double>();
        for (int i = 0; i < agents.Count; i++)
        {
            var sheds = agents[i].ShedsSince(shedsBefore[i]);
            if (sheds.Length >= LoadsPerAgent)
            {
                latencies.Add((sheds.Max() - published).TotalMilliseconds);
                if (agents[i].AppliedAfter(appliedBefore[i]) is { } applied)
                {
                    toApplied.Add((applied - published).TotalMilliseconds);
                    toShed.Add((sheds.Max() - applied).TotalMilliseconds);
                }
            }
        }

        // The end of the round: the event cancelled, every load back on (restore window 0).
        var cancel = EventPayload(node, ["--duration", "5m", "--id", id, "--modification", "1", "--cancel", "--group", Group]);
        watch.Restart();
        var cancelled = await pubsub.PublishAsync(service, node, id, cancel, null, cancellationToken);
        if (cancelled.IsError)
        {
            throw new InvalidOperationException($"{server.Name} refused the cancel: {cancelled.Error}");
        }

        bool allRestored = await WaitAsync(() => agents.Select((a, i) => a.RestoreCount - restoresBefore[i] >= LoadsPerAgent).All(b => b), o.RoundTimeout, cancellationToken);
        var restored = watch.Elapsed;
        var missing = agents.Where((a, i) => a.ShedCount - shedsBefore[i] < LoadsPerAgent || a.RestoreCount - restoresBefore[i] < LoadsPerAgent)
            .Select(a => a.Index).ToList();
        latencies.Sort();
        toApplied.Sort();
        toShed.Sort();
        return new RoundResult(number, quietWaited, quiet, acked, latencies, toApplied, toShed, allShed, allRestored ? restored : null, missing);
    }

    /// <summary>The OpenADR payload <c>edge dr event --node NODE OPTIONS</c> would publish now.</summary>
    private static XElement EventPayload(string node, string[] options) =>
        OpenAdrWriter.Write(DrCommand.Event(new Edge.Agent.Cli.CommandLine(["--node", node, .. options], DrCommand.Flags), DateTimeOffset.UtcNow));

    /// <summary>
    /// What one round measured. <see cref="Latencies"/>: per agent that shed every load, ms from the publish to its last
    /// shed; <see cref="ToApplied"/> / <see cref="ToShed"/>: the same split at the agent's "event applied" line (2110).
    /// All sorted. <see cref="Restored"/>: from the cancel's publish until every load was back on, null on a timeout.
    /// </summary>
    private sealed record RoundResult(int Number, TimeSpan QuietWaited, bool Quiet, TimeSpan Acked, List<double> Latencies,
        List<double> ToApplied, List<double> ToShed, bool AllShed, TimeSpan? Restored, List<int> Missing);
}
