using System.Device.Gpio;

namespace Edge.Hardware.Simulation;

/// <summary>
/// A simulated GPIO chip for <see cref="GpioController"/>: inputs are driven by the test (or the <c>sim</c>
/// profile) with <see cref="SetInput"/>, <see cref="Pulse"/> and <see cref="PulseTrain"/>; outputs record what the
/// driver wrote. Edge callbacks fire synchronously on the thread that changes the level; timed signals are
/// scheduled on the injected <see cref="TimeProvider"/>, so a fake clock drives them deterministically.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<int, PinState> _pins = [];
    private readonly List<ITimer> _timers = [];

    public SimulatedGpioDriver(int pinCount = 28, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pinCount);
        PinCount = pinCount;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    protected override int PinCount { get; }

    /// <summary>Drives an input pin to <paramref name="value"/>; raises the edge callbacks if the level changes.</summary>
    public void SetInput(int pinNumber, PinValue value)
    {
        List<(PinChangeEventHandler Handler, PinEventTypes Type)> toRaise = [];
        lock (_lock)
        {
            PinState pin = GetOrAdd(pinNumber);
            pin.External = value;
            PinValue before = pin.Value;
            if (before == value)
            {
                return;
            }

            pin.Value = value;
            PinEventTypes type = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            foreach ((PinChangeEventHandler handler, PinEventTypes mask) in pin.Callbacks)
            {
                if ((mask & type) != 0)
                {
                    toRaise.Add((handler, type));
                }
            }
        }

        foreach ((PinChangeEventHandler handler, PinEventTypes type) in toRaise)
        {
            handler(this, new PinValueChangedEventArgs(type, pinNumber));
        }
    }

    /// <summary>
    /// Drives one pulse: the pin goes to <paramref name="activeValue"/> after <paramref name="delay"/> and back after
    /// a further <paramref name="width"/>.
    /// </summary>
    public void Pulse(int pinNumber, TimeSpan delay, TimeSpan width, PinValue? activeValue = null) =>
        PulseTrain(pinNumber, 1, delay, width, width, activeValue);

    /// <summary>
    /// Drives <paramref name="count"/> pulses of <paramref name="width"/> every <paramref name="period"/>, the first
    /// starting after <paramref name="delay"/>. Each edge is a timer on the clock; nothing happens until it advances.
    /// </summary>
    public void PulseTrain(int pinNumber, int count, TimeSpan delay, TimeSpan period, TimeSpan width,
        PinValue? activeValue = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, TimeSpan.Zero);
        PinValue active = activeValue ?? PinValue.High;
        PinValue idle = active == PinValue.High ? PinValue.Low : PinValue.High;
        for (int i = 0; i < count; i++)
        {
            TimeSpan start = delay + (period * i);
            Schedule(pinNumber, start, active);
            Schedule(pinNumber, start + width, idle);
        }
    }

    /// <summary>Schedules a level change <paramref name="after"/> from now.</summary>
    public void Schedule(int pinNumber, TimeSpan after, PinValue value)
    {
        ITimer? timer = null;
        timer = _timeProvider.CreateTimer(
            _ =>
            {
                SetInput(pinNumber, value);
                lock (_lock)
                {
                    _ = _timers.Remove(timer!);
                }

                timer!.Dispose();
            },
            null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        _ = timer.Change(after < TimeSpan.Zero ? TimeSpan.Zero : after, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The level of a pin as last written by the driver or driven from outside.</summary>
    public PinValue GetLevel(int pinNumber)
    {
        lock (_lock)
        {
            return GetOrAdd(pinNumber).Value;
        }
    }

    /// <summary>How many times the driver wrote a changed level to an output pin.</summary>
    public int GetWriteCount(int pinNumber)
    {
        lock (_lock)
        {
            return GetOrAdd(pinNumber).WriteCount;
        }
    }

    /// <summary>Whether the pin is currently open.</summary>
    public bool IsOpen(int pinNumber)
    {
        lock (_lock)
        {
            return _pins.TryGetValue(pinNumber, out PinState? pin) && pin.Open;
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        Check(pinNumber);
        lock (_lock)
        {
            GetOrAdd(pinNumber).Open = true;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            PinState pin = GetOrAdd(pinNumber);
            pin.Open = false;
            pin.Callbacks.Clear();
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            PinState pin = GetOrAdd(pinNumber);
            pin.Mode = mode;
            if (mode == PinMode.InputPullUp && pin.External is null)
            {
                pin.Value = PinValue.High;
            }
            else if (mode == PinMode.InputPullDown && pin.External is null)
            {
                pin.Value = PinValue.Low;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return GetOrAdd(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return GetOrAdd(pinNumber).Value;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_lock)
        {
            PinState pin = GetOrAdd(pinNumber);
            if (pin.Mode != PinMode.Output)
            {
                throw new InvalidOperationException($"Pin {pinNumber} is not an output.");
            }

            if (pin.Value != value || pin.WriteCount == 0)
            {
                pin.WriteCount++;
            }

            pin.Value = value;
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes,
        CancellationToken cancellationToken)
    {
        using var done = new ManualResetEventSlim();
        PinEventTypes seen = PinEventTypes.None;
        void Handler(object sender, PinValueChangedEventArgs e)
        {
            seen = e.ChangeType;
            done.Set();
        }

        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, Handler);
        try
        {
            done.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = seen, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, Handler);
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes,
        PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            GetOrAdd(pinNumber).Callbacks.Add((callback, eventTypes));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            _ = GetOrAdd(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                foreach (ITimer timer in _timers)
                {
                    timer.Dispose();
                }

                _timers.Clear();
            }
        }

        base.Dispose(disposing);
    }

    private void Check(int pinNumber)
    {
        if (pinNumber < 0 || pinNumber >= PinCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"The chip has pins 0..{PinCount - 1}.");
        }
    }

    private PinState GetOrAdd(int pinNumber)
    {
        if (!_pins.TryGetValue(pinNumber, out PinState? pin))
        {
            pin = new PinState();
            _pins[pinNumber] = pin;
        }

        return pin;
    }

    private sealed class PinState
    {
        public bool Open { get; set; }

        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue Value { get; set; } = PinValue.Low;

        public PinValue? External { get; set; }

        public int WriteCount { get; set; }

        public List<(PinChangeEventHandler Handler, PinEventTypes Type)> Callbacks { get; } = [];
    }
}
