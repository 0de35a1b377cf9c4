using System.Threading.Channels;
using Edge.Hardware.FirmwareBridge.Internal;
using Edge.Hardware.FirmwareBridge.Protocol;
using Edge.Things;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Hardware.FirmwareBridge;

/// <summary>
/// The host side of the firmware-bridge protocol (firmware-bridge/PROTOCOL.md) over a byte stream to one MCU: the
/// hello/descriptor exchange, a receive loop that drops and counts broken frames and resynchronises, sequence gap
/// detection, commands with ACK/NAK, timeout and retry, and the MCU's channels as one <see cref="ISensor"/> node.
/// Like a dotnet/iot binding, the bus (<see cref="Stream"/>) is passed in; <see cref="FirmwareBridgeSerialPort"/>
/// opens a serial port by path.
/// </summary>
public sealed partial class FirmwareBridgeClient : ISensor
{
    private readonly Lock _lock = new();
    private readonly Stream _stream;
    private readonly bool _shouldDispose;
    private readonly FirmwareBridgeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<FirmwareBridgeReading> _readings;
    private readonly BridgeFrameReader _reader = new();
    private readonly Dictionary<ushort, TaskCompletionSource<FirmwareBridgeCommandResult>> _pending = [];
    private readonly TaskCompletionSource<FirmwareBridgeDescriptor> _firstSession =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task? _receiveLoop;
    private Task? _supervisorLoop;
    private int _disposed;

    public FirmwareBridgeClient(Stream stream, FirmwareBridgeOptions? options = null, TimeProvider? timeProvider = null,
        ILogger? logger = null, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new FirmwareBridgeOptions();
        options.Validate();
        _stream = stream;
        _shouldDispose = shouldDispose;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Node = new ThingReference(options.NodeId);
        _readings = Channel.CreateBounded<FirmwareBridgeReading>(new BoundedChannelOptions(options.ReadingBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleWriter = true,
        });
    }

    public ThingReference Node { get; }

    /// <summary>Every accepted READING, in order. Bounded: when nobody reads, the oldest are dropped.</summary>
    public ChannelReader<FirmwareBridgeReading> Readings => _readings.Reader;

    /// <summary>The descriptor of the current (or last) session; null before the first handshake.</summary>
    public FirmwareBridgeDescriptor? Descriptor
    {
        get
        {
            lock (_lock)
            {
                return _descriptor;
            }
        }
    }

    /// <summary>Whether a session is established and the MCU is not silent.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _state == BridgeState.Connected;
            }
        }
    }

    /// <summary>A snapshot of the receive counters.</summary>
    public FirmwareBridgeStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                return new FirmwareBridgeStatistics
                {
                    FramesReceived = _reader.Frames,
                    CobsErrors = _reader.GetErrorCount(BridgeFrameError.Cobs),
                    RuntFrames = _reader.GetErrorCount(BridgeFrameError.Runt),
                    CrcErrors = _reader.GetErrorCount(BridgeFrameError.Crc),
                    OversizeFrames = _reader.GetErrorCount(BridgeFrameError.Oversize),
                    UnknownFrames = _reader.GetErrorCount(BridgeFrameError.Unknown) + _wrongDirection,
                    MalformedFrames = _reader.GetErrorCount(BridgeFrameError.Malformed) + _malformedReadings,
                    ReadingsAccepted = _readingsAccepted,
                    ReadingsLost = _readingsLost,
                    OutOfOrderReadings = _outOfOrder,
                    UnexpectedFrames = _unexpected,
                    Handshakes = _handshakes,
                    CommandRetries = _commandRetries,
                };
            }
        }
    }

    /// <summary>
    /// Starts the receive and supervision loops and waits for the first hello/descriptor exchange (HELLO is re-sent
    /// every <see cref="FirmwareBridgeOptions.HandshakeTimeout"/>, up to <see cref="FirmwareBridgeOptions.HandshakeAttempts"/>
    /// times). Later sessions (after silence or an MCU restart) are re-established in the background.
    /// </summary>
    /// <exception cref="FirmwareBridgeTimeoutException">No handshake in time.</exception>
    /// <exception cref="FirmwareBridgeException">The MCU refused every offered version, or the stream failed.</exception>
    public async Task<FirmwareBridgeDescriptor> StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_lock)
        {
            if (_receiveLoop is not null)
            {
                throw new InvalidOperationException("The client is already started.");
            }

            CancellationToken stop = _stop.Token;
            _receiveLoop = Task.Run(() => ReceiveLoopAsync(stop), CancellationToken.None);
            _supervisorLoop = Task.Run(() => SuperviseLoopAsync(stop), CancellationToken.None);
        }

        TimeSpan limit = _options.HandshakeTimeout * _options.HandshakeAttempts;
        try
        {
            return await _firstSession.Task.WaitAsync(limit, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new FirmwareBridgeTimeoutException(
                $"No hello/descriptor exchange with the MCU within {limit.TotalMilliseconds} ms ({_options.HandshakeAttempts} HELLOs).", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Fail(new FirmwareBridgeException("The firmware-bridge client was disposed."), log: false);
        if (_shouldDispose)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        Task[] loops = new[] { _receiveLoop, _supervisorLoop }.OfType<Task>().ToArray();
        try
        {
            // A stream that ignores cancellation (a FileStream on a tty the caller still owns) cannot be interrupted;
            // do not hang the caller's shutdown on it.
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        // _writeLock is not disposed: a caller's command may still be leaving WriteAsync (and release it) after
        // this returns; a SemaphoreSlim whose wait handle was never asked for holds nothing to free.
        _stop.Dispose();
    }

    private async Task WriteAsync(BridgeFrame frame, bool delimiterFirst, CancellationToken cancellationToken)
    {
        byte[] encoded = BridgeFrameCodec.Encode(frame);
        byte[] wire = encoded;
        if (delimiterFirst)
        {
            // A 0x00 first flushes whatever half frame the MCU may hold (PROTOCOL.md §1).
            wire = new byte[encoded.Length + 1];
            encoded.CopyTo(wire, 1);
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(wire, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Fail(ex, log: !cancellationToken.IsCancellationRequested);
            throw new FirmwareBridgeException("Writing to the MCU failed.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
