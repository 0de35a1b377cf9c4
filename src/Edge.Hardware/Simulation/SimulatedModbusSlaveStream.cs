using System.Buffers.Binary;
using System.Threading.Channels;
using Edge.Hardware.Modbus;

namespace Edge.Hardware.Simulation;

/// <summary>
/// An in-process Modbus RTU slave behind a <see cref="Stream"/>: what the master writes is parsed as request frames
/// (functions 03, 04, 06, 16), and the answers become readable. Used by the <c>sim</c> profile in place of a serial
/// port; the interop tests use a real pymodbus slave on a pty instead. Frames with a bad CRC, or for a unit that
/// does not exist, get no answer, as on a real bus.
/// </summary>
public sealed class SimulatedModbusSlaveStream : Stream
{
    private readonly Lock _lock = new();
    private readonly Dictionary<byte, SimulatedModbusUnit> _units = [];
    private readonly List<byte> _request = [];
    // An answer is handed to a waiting reader on the writing thread, as a UART's bytes are there when the master looks:
    // no pool thread between the request and its answer (the master's read loop takes it and goes back to waiting).
    private readonly Channel<byte[]> _answers = Channel.CreateUnbounded<byte[]>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TimeProvider _timeProvider;
    private byte[] _pending = [];
    private int _pendingOffset;

    public SimulatedModbusSlaveStream(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>When set, the next answer's CRC is corrupted.</summary>
    public bool CorruptNextAnswer { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public SimulatedModbusUnit AddUnit(byte unitId, SimulatedModbusUnit? unit = null)
    {
        unit ??= new SimulatedModbusUnit();
        lock (_lock)
        {
            _units[unitId] = unit;
        }

        return unit;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pendingOffset >= _pending.Length)
        {
            if (!await _answers.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            _pending = await _answers.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            _pendingOffset = 0;
        }

        int n = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsMemory(_pendingOffset, n).CopyTo(buffer);
        _pendingOffset += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        List<byte[]> answers = [];
        lock (_lock)
        {
            _request.AddRange(buffer);
            while (TryTakeFrame(out byte[]? frame))
            {
                if (frame is not null && Answer(frame) is byte[] answer)
                {
                    answers.Add(answer);
                }
            }
        }

        // Outside the lock: the reader may run here (synchronous continuations).
        foreach (byte[] answer in answers)
        {
            _ = _answers.Writer.TryWrite(answer);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _ = _answers.Writer.TryComplete();
        base.Dispose(disposing);
    }

    private bool TryTakeFrame(out byte[]? frame)
    {
        frame = null;
        if (_request.Count < 8)
        {
            return false;
        }

        int length = _request[1] == (byte)ModbusFunctionCode.WriteMultipleRegisters ? 9 + _request[6] : 8;
        if (_request.Count < length)
        {
            return false;
        }

        frame = [.. _request.GetRange(0, length)];
        _request.RemoveRange(0, length);
        if (!ModbusCrc.IsValid(frame))
        {
            _request.Clear(); // resynchronise on the next write, as a slave does after a silent interval
            frame = null;
            return false;
        }

        return true;
    }

    private byte[]? Answer(byte[] frame)
    {
        if (!_units.TryGetValue(frame[0], out SimulatedModbusUnit? unit))
        {
            return null;
        }

        unit.Update?.Invoke(unit, _timeProvider.GetUtcNow());
        var function = (ModbusFunctionCode)frame[1];
        ushort address = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(2));
        ushort countOrValue = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(4));
        List<byte> pdu = [frame[0], frame[1]];
        switch (function)
        {
            case ModbusFunctionCode.ReadHoldingRegisters or ModbusFunctionCode.ReadInputRegisters:
                ushort[] table = function == ModbusFunctionCode.ReadInputRegisters ? unit.InputRegisters : unit.HoldingRegisters;
                if (countOrValue is < 1 or > 125)
                {
                    return Exception(frame, ModbusExceptionCode.IllegalDataValue);
                }

                if (address + countOrValue > table.Length)
                {
                    return Exception(frame, ModbusExceptionCode.IllegalDataAddress);
                }

                pdu.Add((byte)(2 * countOrValue));
                for (int i = 0; i < countOrValue; i++)
                {
                    pdu.Add((byte)(table[address + i] >> 8));
                    pdu.Add((byte)table[address + i]);
                }

                break;
            case ModbusFunctionCode.WriteSingleRegister:
                if (address >= unit.HoldingRegisters.Length)
                {
                    return Exception(frame, ModbusExceptionCode.IllegalDataAddress);
                }

                unit.HoldingRegisters[address] = countOrValue;
                pdu.AddRange(frame.AsSpan(2, 4));
                break;
            case ModbusFunctionCode.WriteMultipleRegisters:
                if (address + countOrValue > unit.HoldingRegisters.Length)
                {
                    return Exception(frame, ModbusExceptionCode.IllegalDataAddress);
                }

                for (int i = 0; i < countOrValue; i++)
                {
                    unit.HoldingRegisters[address + i] = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(7 + (2 * i)));
                }

                pdu.AddRange(frame.AsSpan(2, 4));
                break;
            default:
                return Exception(frame, ModbusExceptionCode.IllegalFunction);
        }

        return Seal(pdu);
    }

    private byte[] Exception(byte[] frame, ModbusExceptionCode code) =>
        Seal([frame[0], (byte)(frame[1] | 0x80), (byte)code]);

    private byte[] Seal(List<byte> pdu)
    {
        ushort crc = ModbusCrc.Compute([.. pdu]);
        pdu.Add((byte)crc);
        pdu.Add((byte)(crc >> 8));
        byte[] answer = [.. pdu];
        if (CorruptNextAnswer)
        {
            answer[^1] ^= 0xFF;
            CorruptNextAnswer = false;
        }

        return answer;
    }
}
