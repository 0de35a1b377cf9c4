using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.SensorData;

/// <summary>
/// What a readout brought back (<see cref="SensorDataClient.ReadAsync"/>): how it ended, the device's refusal if any
/// (a protocol "no" is data), one <see cref="Reading"/> per node with all its fields from every <c>fields</c> message,
/// and the node errors of every <c>failure</c> message.
/// </summary>
public sealed class ReadoutResult
{
    public ReadoutResult(int seqNr, ReadoutOutcome outcome, bool queued, IReadOnlyList<Reading> readings,
        IReadOnlyList<ReadoutError> failures, StanzaError? rejection = null)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(failures);
        if ((outcome == ReadoutOutcome.Rejected) != (rejection is not null))
        {
            throw new ArgumentException("A rejected readout, and only a rejected one, carries the device's error.", nameof(rejection));
        }

        SeqNr = seqNr;
        Outcome = outcome;
        Queued = queued;
        Readings = readings;
        Failures = failures;
        Rejection = rejection;
    }

    public int SeqNr { get; }

    public ReadoutOutcome Outcome { get; }

    /// <summary>Whether the device queued the readout (<c>accepted queued='true'</c>).</summary>
    public bool Queued { get; }

    /// <summary>One reading per node, in the order the nodes first appeared.</summary>
    public IReadOnlyList<Reading> Readings { get; }

    public IReadOnlyList<ReadoutError> Failures { get; }

    /// <summary>The device's error when <see cref="Outcome"/> is <see cref="ReadoutOutcome.Rejected"/>.</summary>
    public StanzaError? Rejection { get; }

    /// <summary>Done, and no node failed.</summary>
    public bool Succeeded => Outcome == ReadoutOutcome.Done && Failures.Count == 0;
}
