using System.Buffers.Binary;
using Edge.Hardware.Internal;
using Edge.Hardware.Serial;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Hardware.Modbus;

/// <summary>
/// A Modbus RTU master over a byte <see cref="Stream"/>: a serial port (<see cref="TtyStream"/>, from
/// <see cref="SerialStreams.OpenSerialPort"/>) or any other stream (the simulated bus).
/// One transaction at a time; before each request the line must have been silent for the inter-frame delay, and
/// stale bytes are discarded. A timeout or a corrupt answer (CRC, unit, function, length) is retried; an exception
/// response is surfaced at once as a <see cref="ModbusException"/>.
/// <para>
/// The bus is one loop on a thread of its own: every call is a job queued to it, and a job runs its transactions back
/// to back there, waiting for the silences and the answers on that thread (a sleep, a monitor wait), so a meter's whole
/// read plan (<see cref="ReadRegistersAsync(byte, IReadOnlyList{ModbusRead}, CancellationToken)"/>) costs its caller one
/// wait and the process no timer or pool thread per register block. On a <see cref="TtyStream"/> the bus thread also
/// reads the port itself (poll(2) with the answer's deadline): no read is pending between transactions, so an idle
/// bus causes no wake-ups at all; a port that hung up is opened again at the next transaction.
/// </para>
/// </summary>
public sealed partial class ModbusRtuMaster : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _shouldDispose;
    private readonly ModbusRtuOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly bool _systemClock;
    private readonly ILogger _logger;
    private readonly Queue<BusJob> _jobs = new();
    private readonly Thread _bus;
    private readonly IByteReceiver _received;
    private readonly ReceiveBuffer? _loopBuffer;
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
        _systemClock = ReferenceEquals(_timeProvider, TimeProvider.System);
        _logger = logger ?? NullLogger.Instance;
        if (stream is TtyStream tty)
        {
            // Our own serial port: the bus thread reads it itself, waiting in poll(2) only while it expects bytes.
            _received = new TtyReceiver(tty, _timeProvider, _logger);
            _readLoop = Task.CompletedTask;
        }
        else
        {
            // Any other stream (the simulated bus, a test's): a read loop keeps one read pending and fills a buffer.
            _loopBuffer = new ReceiveBuffer();
            _received = _loopBuffer;
            _readLoop = Task.Run(ReadLoopAsync);
        }

        // A small stack: the loop holds a frame or two (the default 8 MiB is address space, but still a mapping).
        _bus = new Thread(BusLoop, 256 * 1024) { IsBackground = true, Name = "Modbus RTU" };
        _bus.Start();
    }

    /// <summary>Counters for diagnostics.</summary>
    public int Timeouts { get; private set; }

    public int CorruptFrames { get; private set; }

    /// <summary>
    /// Reads several blocks of one unit as one job: the transactions go back to back on the bus loop, with the
    /// inter-frame silence between them, and the caller is woken once with every block (in the order asked). The
    /// first block that fails after its retries fails the whole read.
    /// </summary>
    public Task<ushort[][]> ReadRegistersAsync(byte unitId, IReadOnlyList<ModbusRead> reads,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reads);
        return RunAsync(token =>
        {
            var blocks = new ushort[reads.Count][];
            for (int i = 0; i < reads.Count; i++)
            {
                ModbusFunctionCode function = reads[i].Bank == ModbusRegisterBank.Input
                    ? ModbusFunctionCode.ReadInputRegisters
                    : ModbusFunctionCode.ReadHoldingRegisters;
                blocks[i] = ReadRegisters(unitId, function, reads[i].Start, reads[i].Count, token);
            }

            return blocks;
        }, cancellationToken);
    }

    public async ValueTask<ushort[]> ReadHoldingRegistersAsync(byte unitId, ushort address, ushort count,
        CancellationToken cancellationToken) =>
        await RunAsync(token => ReadRegisters(unitId, ModbusFunctionCode.ReadHoldingRegisters, address, count, token),
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count,
        CancellationToken cancellationToken) =>
        await RunAsync(token => ReadRegisters(unitId, ModbusFunctionCode.ReadInputRegisters, address, count, token),
            cancellationToken).ConfigureAwait(false);

    public async ValueTask WriteSingleRegisterAsync(byte unitId, ushort address, ushort value,
        CancellationToken cancellationToken)
    {
        byte[] pdu = new byte[5];
        pdu[0] = (byte)ModbusFunctionCode.WriteSingleRegister;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), value);
        byte[] response = await RunAsync(token => Transact(unitId, pdu, token), cancellationToken).ConfigureAwait(false);

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

        byte[] response = await RunAsync(token => Transact(unitId, pdu, token), cancellationToken).ConfigureAwait(false);
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
        StopBus();
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
    }

    /// <summary>One read transaction, on the bus loop.</summary>
    private ushort[] ReadRegisters(byte unitId, ModbusFunctionCode function, ushort address, ushort count,
        CancellationToken cancellationToken)
    {
        if (count is < 1 or > 125)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "1..125 registers per read (§6.3).");
        }

        byte[] pdu = new byte[5];
        pdu[0] = (byte)function;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), count);
        byte[] response = Transact(unitId, pdu, cancellationToken);
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
