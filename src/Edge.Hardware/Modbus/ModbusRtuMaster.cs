using System.Buffers.Binary;
using Edge.Hardware.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Hardware.Modbus;

/// <summary>
/// A Modbus RTU master over a byte <see cref="Stream"/> (a serial port's base stream, or a pty opened as a file).
/// One transaction at a time; before each request the line must have been silent for the inter-frame delay, and
/// stale bytes are discarded. A timeout or a corrupt answer (CRC, unit, function, length) is retried; an exception
/// response is surfaced at once as a <see cref="ModbusException"/>.
/// </summary>
public sealed partial class ModbusRtuMaster : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _shouldDispose;
    private readonly ModbusRtuOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ReceiveBuffer _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private long _lastSent;
    private int _disposed;

    public ModbusRtuMaster(Stream stream, ModbusRtuOptions? options = null, TimeProvider? timeProvider = null,
        ILogger? logger = null, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _options = options ?? new ModbusRtuOptions();
        _options.Validate();
        _stream = stream;
        _shouldDispose = shouldDispose;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Counters for diagnostics.</summary>
    public int Timeouts { get; private set; }

    public int CorruptFrames { get; private set; }

    public async ValueTask<ushort[]> ReadHoldingRegistersAsync(byte unitId, ushort address, ushort count,
        CancellationToken cancellationToken) =>
        await ReadRegistersAsync(unitId, ModbusFunctionCode.ReadHoldingRegisters, address, count, cancellationToken)
            .ConfigureAwait(false);

    public async ValueTask<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count,
        CancellationToken cancellationToken) =>
        await ReadRegistersAsync(unitId, ModbusFunctionCode.ReadInputRegisters, address, count, cancellationToken)
            .ConfigureAwait(false);

    public async ValueTask WriteSingleRegisterAsync(byte unitId, ushort address, ushort value,
        CancellationToken cancellationToken)
    {
        byte[] pdu = new byte[5];
        pdu[0] = (byte)ModbusFunctionCode.WriteSingleRegister;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), value);
        byte[] response = await TransactAsync(unitId, pdu, cancellationToken).ConfigureAwait(false);

        // The normal response echoes the request (§6.6).
        if (!response.AsSpan(1, 5).SequenceEqual(pdu))
        {
            throw new ModbusFrameException($"Modbus unit {unitId}: write-single-register echo does not match the request.");
        }
    }

    public async ValueTask WriteMultipleRegistersAsync(byte unitId, ushort address, ReadOnlyMemory<ushort> values,
        CancellationToken cancellationToken)
    {
        if (values.Length is < 1 or > 123)
        {
            throw new ArgumentOutOfRangeException(nameof(values), values.Length, "1..123 registers per write (§6.12).");
        }

        byte[] pdu = new byte[6 + (2 * values.Length)];
        pdu[0] = (byte)ModbusFunctionCode.WriteMultipleRegisters;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), (ushort)values.Length);
        pdu[5] = (byte)(2 * values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(6 + (2 * i)), values.Span[i]);
        }

        byte[] response = await TransactAsync(unitId, pdu, cancellationToken).ConfigureAwait(false);
        if (!response.AsSpan(1, 5).SequenceEqual(pdu.AsSpan(0, 5)))
        {
            throw new ModbusFrameException($"Modbus unit {unitId}: write-multiple-registers answer does not match the request.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_shouldDispose)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _readLoop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A read on a stream we do not own may not observe cancellation; it ends when its owner closes it.
        }

        _stop.Dispose();
        _gate.Dispose();
    }

    private async ValueTask<ushort[]> ReadRegistersAsync(byte unitId, ModbusFunctionCode function, ushort address,
        ushort count, CancellationToken cancellationToken)
    {
        if (count is < 1 or > 125)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "1..125 registers per read (§6.3).");
        }

        byte[] pdu = new byte[5];
        pdu[0] = (byte)function;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), count);
        byte[] response = await TransactAsync(unitId, pdu, cancellationToken).ConfigureAwait(false);
        if (response[2] != 2 * count)
        {
            throw new ModbusFrameException($"Modbus unit {unitId}: {response[2]} data bytes for {count} registers.");
        }

        var registers = new ushort[count];
        for (int i = 0; i < count; i++)
        {
            registers[i] = BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(3 + (2 * i)));
        }

        return registers;
    }
}
