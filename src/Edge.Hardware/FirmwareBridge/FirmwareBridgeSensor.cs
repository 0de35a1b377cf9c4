using System.Globalization;
using System.Text.Json;
using Edge.Hardware.Profiles;
using Edge.Things;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Hardware.FirmwareBridge;

/// <summary>
/// The <c>firmwareBridge</c> entry of a hardware profile as an <see cref="ISensor"/>: a <see cref="FirmwareBridgeClient"/>
/// on a serial port that is opened lazily. While there is no session, <see cref="ReadAsync"/> tries (at most once per
/// <see cref="RetryInterval"/>) to open the port and do the hello/descriptor exchange, and otherwise returns one status
/// field <c>bridge</c> flagged <see cref="FieldQoS.Missing"/> | <see cref="FieldQoS.Error"/>; it never throws for a
/// missing port, a failed open or a failed handshake. Once connected it returns the client's fields; when the client
/// loses its stream for good it is disposed and the port reopened later.
/// </summary>
public sealed class FirmwareBridgeSensor : ISensor
{
    /// <summary>The shortest time between two attempts to open the port and handshake.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>The longest a connection attempt (open + handshake) may take, measured on the real clock.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _portName;
    private readonly int _baudRate;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<string, int, Stream> _openStream;
    private FirmwareBridgeClient? _client;
    private DateTimeOffset? _lastAttemptAt;
    private string _status = "disconnected: not opened yet";
    private bool? _connected;
    private int _openAttempts;
    private bool _disposed;

    /// <summary>Creates the sensor for a profile entry: its <c>port</c> (required) and <c>baud</c> (default 115200).</summary>
    public FirmwareBridgeSensor(SensorSpec spec, HardwareFactoryOptions options)
        : this(NotNull(spec).Id, PortOf(spec), BaudOf(spec), NotNull(options).TimeProvider,
            options.LoggerFactory.CreateLogger("Edge.Hardware.FirmwareBridge"))
    {
    }

    public FirmwareBridgeSensor(string nodeId, string portName, int baudRate = FirmwareBridgeSerialPort.DefaultBaudRate,
        TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(nodeId, portName, baudRate, timeProvider, logger, FirmwareBridgeSerialPort.OpenStream)
    {
    }

    internal FirmwareBridgeSensor(string nodeId, string portName, int baudRate, TimeProvider? timeProvider, ILogger? logger,
        Func<string, int, Stream> openStream)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        ArgumentException.ThrowIfNullOrEmpty(portName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        Node = new ThingReference(nodeId);
        _portName = portName;
        _baudRate = baudRate;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _openStream = openStream;
    }

    public ThingReference Node { get; }

    /// <summary>The serial port path.</summary>
    public string PortName => _portName;

    /// <summary>How many times the sensor has tried to open the port.</summary>
    public int OpenAttempts => Volatile.Read(ref _openAttempts);

    /// <summary>Whether a client is open and has completed a handshake (it may be re-handshaking after silence).</summary>
    public bool IsConnected => Volatile.Read(ref _client) is not null;

    /// <summary>The client while connected, for commands (<see cref="FirmwareBridgeClient.SetOutputAsync"/>); else null.</summary>
    public FirmwareBridgeClient? Client => Volatile.Read(ref _client);

    public async ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client is not null && _client.Readings.Completion.IsCompleted)
            {
                // The client failed for good (stream ended or errored): drop it and reopen later.
                FirmwareBridgeClient lost = _client;
                _client = null;
                _lastAttemptAt = _timeProvider.GetUtcNow();
                await lost.DisposeAsync().ConfigureAwait(false);
                SetDisconnected("the link to the MCU failed", null);
            }

            if (_client is null)
            {
                DateTimeOffset now = _timeProvider.GetUtcNow();
                if (_lastAttemptAt is null || now - _lastAttemptAt.Value >= RetryInterval)
                {
                    _lastAttemptAt = now;
                    await TryConnectAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (_client is null)
            {
                return [new Field("bridge", new StringValue(_status), timestamp, ReadoutTypes.Status,
                    FieldQoS.Missing | FieldQoS.Error)];
            }

            return await _client.ReadAsync(timestamp, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            FirmwareBridgeClient? client = _client;
            _client = null;
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called under _gate: opens the port and handshakes; on failure leaves _client null and records why.</summary>
    private async Task TryConnectAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _openAttempts);
        FirmwareBridgeClient? client = null;
        try
        {
            Stream stream = _openStream(_portName, _baudRate);
            client = new FirmwareBridgeClient(stream, new FirmwareBridgeOptions { NodeId = Node.NodeId }, _timeProvider,
                _logger, shouldDispose: true);

            // The client's own handshake limit runs on _timeProvider (which may be a test's fake clock that nobody
            // advances): bound the attempt on the real clock too.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(ConnectTimeout);
            try
            {
                await client.StartAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new FirmwareBridgeTimeoutException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"No hello/descriptor exchange with the MCU within {ConnectTimeout.TotalMilliseconds} ms."));
            }

            _client = client;
            client = null;
            if (_connected != true)
            {
                _connected = true;
                Log.SensorRecovered(_logger, Node.NodeId);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException
            or ArgumentException or PlatformNotSupportedException or FirmwareBridgeException)
        {
            SetDisconnected(ex.Message, ex);
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void SetDisconnected(string reason, Exception? exception)
    {
        _status = "disconnected: " + reason;
        if (_connected != false)
        {
            _connected = false;
            Log.SensorFailed(_logger, Node.NodeId, $"firmware bridge on {_portName}: {reason}", exception);
        }
    }

    private static T NotNull<T>(T value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value;
    }

    private static string PortOf(SensorSpec spec)
    {
        if (spec.Settings.ValueKind == JsonValueKind.Object
            && spec.Settings.TryGetProperty("port", out JsonElement port)
            && port.ValueKind == JsonValueKind.String
            && !string.IsNullOrEmpty(port.GetString()))
        {
            return port.GetString()!;
        }

        throw new ArgumentException($"{spec.Path}.port: a firmwareBridge sensor needs the serial port path (a string).", nameof(spec));
    }

    private static int BaudOf(SensorSpec spec)
    {
        if (spec.Settings.ValueKind != JsonValueKind.Object || !spec.Settings.TryGetProperty("baud", out JsonElement baud))
        {
            return FirmwareBridgeSerialPort.DefaultBaudRate;
        }

        if (baud.ValueKind == JsonValueKind.Number && baud.TryGetInt32(out int value) && value > 0)
        {
            return value;
        }

        throw new ArgumentException($"{spec.Path}.baud: must be a positive integer, was '{baud}'.", nameof(spec));
    }
}
