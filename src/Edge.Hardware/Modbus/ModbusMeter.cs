using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.Modbus;

/// <summary>
/// An energy meter on a Modbus RTU bus, read according to its <see cref="MeterProfile"/>. Several meters share one
/// <see cref="ModbusRtuMaster"/> (one RS-485 bus); the master is not disposed by the meter unless told so.
/// </summary>
public sealed class ModbusMeter : PolledSensor
{
    private readonly ModbusRtuMaster _master;
    private readonly bool _shouldDispose;
    private readonly IReadOnlyList<(ModbusRegisterBank Bank, ushort Start, ushort Count, MeterRegister[] Values)> _plan;
    private readonly ModbusRead[] _reads;

    public ModbusMeter(ThingReference node, ModbusRtuMaster master, byte unitId, MeterProfile profile,
        ILogger? logger = null, bool shouldDispose = false)
        : base(node, Describe(profile), logger)
    {
        ArgumentNullException.ThrowIfNull(master);
        _master = master;
        _shouldDispose = shouldDispose;
        UnitId = unitId;
        Profile = profile;
        _plan = profile.PlanReads();
        _reads = [.. _plan.Select(p => new ModbusRead(p.Bank, p.Start, p.Count))];
    }

    public byte UnitId { get; }

    public MeterProfile Profile { get; }

    protected override async ValueTask<IReadOnlyList<Field>> ReadCoreAsync(DateTimeOffset timestamp,
        CancellationToken cancellationToken)
    {
        // The whole plan is one job on the bus loop: one wait here, the blocks back to back on the line.
        ushort[][] blocks = await _master.ReadRegistersAsync(UnitId, _reads, cancellationToken).ConfigureAwait(false);
        var fields = new List<Field>(Profile.Registers.Count);
        for (int i = 0; i < _plan.Count; i++)
        {
            ushort start = _plan[i].Start;
            foreach (MeterRegister r in _plan[i].Values)
            {
                double value = r.Decode(blocks[i].AsSpan(r.Address - start, r.Length), Profile.WordOrder);
                if (!double.IsFinite(value))
                {
                    throw new InvalidDataException($"{r.Name} at {r.Address} is not a finite number.");
                }

                fields.Add(new Field(r.Name, new NumericValue(value, r.Unit, r.Decimals), timestamp));
            }
        }

        // Keep the profile's order, whatever the read plan was.
        return [.. Profile.Registers.Select(r => fields.First(f => f.Name == r.Name))];
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        if (_shouldDispose)
        {
            await _master.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static SensorField[] Describe(MeterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return [.. profile.Registers.Select(r => new SensorField(r.Name, r.Unit, r.Decimals))];
    }
}
