using System.Device.Gpio;
using Edge.Things;
using Edge.Things.Control;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Hardware.Gpio;

/// <summary>
/// A relay (or any digital output) with safety rules: minimum on/off times, a maximum number of switchings per
/// sliding hour, and a fail-safe state written when it is created and when it is disposed. Every command returns a
/// <see cref="RelaySwitchResult"/>; refusals name the rule. The relay is also a sensor of its own state.
/// </summary>
public sealed class Relay : ISensor
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly Lock _lock = new();
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly RelayOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Queue<DateTimeOffset> _switchings = new();
    private bool _isOn;
    private DateTimeOffset _lastChange;
    private bool _disposed;

    public Relay(GpioController controller, int pin, ThingReference node, RelayOptions? options = null,
        TimeProvider? timeProvider = null, ILogger? logger = null, bool shouldDispose = false)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(node);
        _options = options ?? new RelayOptions();
        _options.Validate();
        _controller = controller;
        _shouldDispose = shouldDispose;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Pin = pin;
        Node = node;
        _isOn = _options.FailSafeOn;

        // Opened with its initial level, so the output never glitches through the other state.
        _controller.OpenPin(pin, PinMode.Output, Level(_isOn));

        // The start counts as a change: a restart loop cannot bypass the minimum times.
        _lastChange = _timeProvider.GetUtcNow();
        Parameter = ControlParameter.Boolean("State", _isOn, label: $"{node.NodeId} relay");
        Log.RelayFailSafe(_logger, node.NodeId, _isOn);
    }

    public ThingReference Node { get; }

    public int Pin { get; }

    /// <summary>The relay as a control parameter; its current value follows the relay.</summary>
    public ControlParameter<bool> Parameter { get; }

    public bool IsOn
    {
        get
        {
            lock (_lock)
            {
                return _isOn;
            }
        }
    }

    /// <summary>State changes in the last hour (the window <see cref="RelayOptions.MaxSwitchingsPerHour"/> counts).</summary>
    public int SwitchingsInLastHour
    {
        get
        {
            lock (_lock)
            {
                Prune(_timeProvider.GetUtcNow());
                return _switchings.Count;
            }
        }
    }

    /// <summary>Asks for a state; the safety rules may refuse. Never throws for a refusal.</summary>
    public RelaySwitchResult TrySwitch(bool on)
    {
        RelaySwitchResult result;
        lock (_lock)
        {
            result = Decide(on, _timeProvider.GetUtcNow());
            if (result.Outcome == RelaySwitchOutcome.Switched)
            {
                _controller.Write(Pin, Level(on));
                _isOn = on;
                _lastChange = _timeProvider.GetUtcNow();
                _switchings.Enqueue(_lastChange);
                Parameter.Report(on);
            }
        }

        if (result.Outcome == RelaySwitchOutcome.Switched)
        {
            Log.RelaySwitched(_logger, Node.NodeId, on);
        }
        else if (!result.Succeeded)
        {
            Log.RelayRefused(_logger, Node.NodeId, on, result.Message);
        }

        return result;
    }

    /// <summary>Asks for a state; throws <see cref="RelayCommandRefusedException"/> if a safety rule refuses.</summary>
    public void Switch(bool on)
    {
        RelaySwitchResult result = TrySwitch(on);
        if (!result.Succeeded)
        {
            throw new RelayCommandRefusedException(result);
        }
    }

    public ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        IReadOnlyList<Field> fields =
        [
            new Field("State", new BooleanValue(IsOn), timestamp, ReadoutTypes.Status) { Writable = true },
            new Field("Switchings last hour", new IntValue(SwitchingsInLastHour), timestamp, ReadoutTypes.Status),
        ];
        return ValueTask.FromResult(fields);
    }

    /// <summary>Writes the fail-safe state (regardless of the minimum times: shutdown wins) and releases the pin.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
            _controller.Write(Pin, Level(_options.FailSafeOn));
            _isOn = _options.FailSafeOn;
            Parameter.Report(_isOn);
            _controller.ClosePin(Pin);
        }

        Log.RelayFailSafe(_logger, Node.NodeId, _options.FailSafeOn);
        if (_shouldDispose)
        {
            _controller.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private RelaySwitchResult Decide(bool on, DateTimeOffset now)
    {
        if (_disposed)
        {
            return new RelaySwitchResult(RelaySwitchOutcome.RefusedDisposed, _isOn, null,
                $"Relay {Node.NodeId} is shut down.");
        }

        if (on == _isOn)
        {
            return new RelaySwitchResult(RelaySwitchOutcome.Unchanged, _isOn, null,
                $"Relay {Node.NodeId} already is {Describe(on)}.");
        }

        TimeSpan inState = now - _lastChange;
        TimeSpan minimum = _isOn ? _options.MinimumOnTime : _options.MinimumOffTime;
        if (inState < minimum)
        {
            return new RelaySwitchResult(
                _isOn ? RelaySwitchOutcome.RefusedMinimumOnTime : RelaySwitchOutcome.RefusedMinimumOffTime, _isOn,
                minimum - inState,
                $"Relay {Node.NodeId} has been {Describe(_isOn)} for {inState.TotalSeconds:0.###} s of its minimum "
                + $"{minimum.TotalSeconds:0.###} s.");
        }

        Prune(now);
        if (_options.MaxSwitchingsPerHour > 0 && _switchings.Count >= _options.MaxSwitchingsPerHour)
        {
            return new RelaySwitchResult(RelaySwitchOutcome.RefusedSwitchingLimit, _isOn,
                _switchings.Peek() + Hour - now,
                $"Relay {Node.NodeId} has switched {_switchings.Count} times in the last hour (limit "
                + $"{_options.MaxSwitchingsPerHour}).");
        }

        return new RelaySwitchResult(RelaySwitchOutcome.Switched, on, null, $"Relay {Node.NodeId} switched {Describe(on)}.");
    }

    private void Prune(DateTimeOffset now)
    {
        while (_switchings.Count > 0 && now - _switchings.Peek() >= Hour)
        {
            _ = _switchings.Dequeue();
        }
    }

    private PinValue Level(bool on) => on != _options.ActiveLow ? PinValue.High : PinValue.Low;

    private static string Describe(bool on) => on ? "on" : "off";
}
