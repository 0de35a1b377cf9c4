using Edge.Things;

namespace Edge.Hardware.Gpio;

/// <summary>A <see cref="DigitalInput"/> as a sensor node: State (boolean) and the number of debounced changes.</summary>
public sealed class DigitalInputSensor : ISensor
{
    private readonly DigitalInput _input;
    private readonly bool _shouldDispose;
    private long _changes;

    public DigitalInputSensor(ThingReference node, DigitalInput input, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(input);
        Node = node;
        _input = input;
        _shouldDispose = shouldDispose;
        _input.Changed += OnChanged;
    }

    public ThingReference Node { get; }

    public ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<Field>>(
        [
            new Field("State", new BooleanValue(_input.IsActive), timestamp, ReadoutTypes.Status),
            new Field("Changes", new LongValue(Interlocked.Read(ref _changes)), timestamp),
        ]);

    public ValueTask DisposeAsync()
    {
        _input.Changed -= OnChanged;
        if (_shouldDispose)
        {
            _input.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void OnChanged(object? sender, DigitalInputChangedEventArgs e) => Interlocked.Increment(ref _changes);
}
