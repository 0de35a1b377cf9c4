using System.Device.Gpio;

namespace Edge.Hardware.Gpio;

/// <summary>
/// A debounced digital input on a GPIO pin. Every raw edge restarts a debounce timer on the injected
/// <see cref="TimeProvider"/>; when the level has been stable for <see cref="DigitalInputOptions.Debounce"/> and
/// differs from the last stable state, <see cref="Changed"/> fires with the time of the edge that started it.
/// </summary>
public sealed class DigitalInput : IDisposable
{
    private readonly Lock _lock = new();
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly TimeProvider _timeProvider;
    private readonly DigitalInputOptions _options;
    private readonly ITimer _debounceTimer;
    private bool _isActive;
    private DateTimeOffset _lastRawEdge;
    private long _rawEdges;
    private bool _disposed;

    public DigitalInput(GpioController controller, int pin, DigitalInputOptions? options = null,
        TimeProvider? timeProvider = null, bool shouldDispose = false)
    {
        ArgumentNullException.ThrowIfNull(controller);
        _options = options ?? new DigitalInputOptions();
        _options.Validate();
        _controller = controller;
        _shouldDispose = shouldDispose;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Pin = pin;
        _controller.OpenPin(pin, _options.Mode);
        _isActive = ToActive(_controller.Read(pin));
        _debounceTimer = _timeProvider.CreateTimer(_ => OnStable(), null, Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        _controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
    }

    /// <summary>Raised once per debounced change of state.</summary>
    public event EventHandler<DigitalInputChangedEventArgs>? Changed;

    public int Pin { get; }

    /// <summary>The debounced logical state.</summary>
    public bool IsActive
    {
        get
        {
            lock (_lock)
            {
                return _isActive;
            }
        }
    }

    /// <summary>Raw edges seen, bounces included (a diagnostic for wiring checks).</summary>
    public long RawEdgeCount => Interlocked.Read(ref _rawEdges);

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _controller.UnregisterCallbackForPinValueChangedEvent(Pin, OnEdge);
        _debounceTimer.Dispose();
        if (_controller.IsPinOpen(Pin))
        {
            _controller.ClosePin(Pin);
        }

        if (_shouldDispose)
        {
            _controller.Dispose();
        }
    }

    private bool ToActive(PinValue value) => (value == PinValue.High) != _options.ActiveLow;

    private void OnEdge(object sender, PinValueChangedEventArgs e)
    {
        _ = Interlocked.Increment(ref _rawEdges);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _lastRawEdge = _timeProvider.GetUtcNow();
        }

        if (_options.Debounce == TimeSpan.Zero)
        {
            OnStable();
        }
        else
        {
            _ = _debounceTimer.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnStable()
    {
        DigitalInputChangedEventArgs? args = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            bool now = ToActive(_controller.Read(Pin));
            if (now != _isActive)
            {
                _isActive = now;
                args = new DigitalInputChangedEventArgs(now, _lastRawEdge);
            }
        }

        if (args is not null)
        {
            Changed?.Invoke(this, args);
        }
    }
}
