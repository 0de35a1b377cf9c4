using Edge.Things;

namespace Edge.Iot;

/// <summary>
/// The device as the IoT XEPs see it: its node tree, the values its nodes report and the control it accepts. The
/// agent implements this over its hardware set; the XEP folders of this assembly (sensor data, control,
/// concentrator) only speak the wire and call in here. Implementations must be safe to call concurrently.
/// </summary>
public interface IThingProvider
{
    /// <summary>
    /// The root nodes. A plain device has one; a concentrator (XEP-0326) has one root with child nodes. Node ids are
    /// unique across the whole tree (within a data source, see <see cref="ThingReference.SourceId"/>).
    /// </summary>
    IReadOnlyList<ThingNode> RootNodes { get; }

    /// <summary>
    /// Reads one node for a readout. Momentary, peak, status, computed and identity values are current; historical
    /// kinds come from the device's local history within <see cref="ReadoutFilter.From"/>..<see cref="ReadoutFilter.To"/>.
    /// A sensor that fails does not throw: the result carries <see cref="NodeReadout.Error"/> (XEP-0323 failure).
    /// </summary>
    ValueTask<NodeReadout> ReadAsync(ThingNode node, ReadoutFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Applies already-validated control values (each value is of its parameter's CLR type). The provider drives the
    /// actuators; a refusal by an actuator's safety rules comes back as a failed <see cref="ControlOutcome"/> naming
    /// the parameter, never as a silent no-op. Writes are applied in order; the first refusal stops the rest.
    /// </summary>
    ValueTask<ControlOutcome> SetAsync(IReadOnlyList<ControlWrite> writes, CancellationToken cancellationToken);
}
