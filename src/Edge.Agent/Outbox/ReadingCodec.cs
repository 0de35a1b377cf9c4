using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Edge.Things;

namespace Edge.Agent.Outbox;

/// <summary>
/// The outbox's storage form of a <see cref="Reading"/>: compact, versioned binary, with every property of the domain
/// model kept (node reference, timestamps with their offsets, each field's typed value, readout types, QoS, writable,
/// module, string ids). It is a storage format, not a wire format: the publisher chooses the encoding on the wire.
/// Layout (version 1): <c>u8 version, node ref, timestamp, varint seqnr, varint field count, fields…</c>; strings are a
/// varint byte count and UTF-8; timestamps are UTC ticks (i64) and the offset in minutes (i16).
/// </summary>
public static class ReadingCodec
{
    private const byte Version = 1;

    private const byte HasWritable = 1;
    private const byte WritableTrue = 2;
    private const byte HasModule = 4;
    private const byte HasStringIds = 8;

    /// <summary>Appends the encoded reading to <paramref name="output"/>.</summary>
    public static void Encode(Reading reading, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(output);
        var w = new Writer(output);
        w.Byte(Version);
        w.String(reading.Node.NodeId);
        w.OptionalString(reading.Node.SourceId);
        w.OptionalString(reading.Node.CacheType);
        w.Time(reading.Timestamp);
        w.VarUInt((ulong)reading.SequenceNumber);
        w.VarUInt((ulong)reading.Fields.Count);
        foreach (var field in reading.Fields)
        {
            w.String(field.Name);
            w.Time(field.Timestamp);
            w.VarUInt((ulong)field.Types);
            w.VarUInt((ulong)field.QoS);
            byte flags = (byte)((field.Writable is null ? 0 : HasWritable) | (field.Writable == true ? WritableTrue : 0)
                | (field.Module is null ? 0 : HasModule) | (field.StringIds is null ? 0 : HasStringIds));
            w.Byte(flags);
            if (field.Module is not null)
            {
                w.String(field.Module);
            }

            if (field.StringIds is not null)
            {
                w.String(field.StringIds);
            }

            w.Byte((byte)field.Value.Kind);
            switch (field.Value)
            {
                case NumericValue n:
                    w.Double(n.Value);
                    w.String(n.Unit);
                    w.Byte((byte)n.Decimals);
                    break;
                case BooleanValue b:
                    w.Byte(b.Value ? (byte)1 : (byte)0);
                    break;
                case IntValue i:
                    w.VarInt(i.Value);
                    break;
                case LongValue l:
                    w.VarInt(l.Value);
                    break;
                case StringValue s:
                    w.String(s.Value);
                    break;
                case EnumValue e:
                    w.String(e.Value);
                    w.String(e.DataType);
                    break;
                case DateValue d:
                    w.VarInt(d.Value.DayNumber);
                    break;
                case TimeValue t:
                    w.VarInt(t.Value.Ticks);
                    break;
                case DateTimeValue dt:
                    w.Time(dt.Value);
                    break;
                case DurationValue du:
                    w.VarInt(du.Value.Ticks);
                    break;
                default:
                    throw new ArgumentException($"Field '{field.Name}' has a value kind the outbox cannot store: {field.Value.Kind}.", nameof(reading));
            }
        }
    }

    /// <summary>Encodes into a new array (tests, small uses).</summary>
    public static byte[] Encode(Reading reading)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(reading, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a reading; false (with the reason) for bytes that are not a reading of a known version.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Reading? reading,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        reading = null;
        try
        {
            var r = new Reader(data);
            var version = r.Byte();
            if (version != Version)
            {
                error = $"unknown reading format version {version}";
                return false;
            }

            var node = new ThingReference(r.String(), r.OptionalString(), r.OptionalString());
            var timestamp = r.Time();
            var seqnr = checked((long)r.VarUInt());
            var count = checked((int)r.VarUInt());
            if (count > data.Length)
            {
                error = $"field count {count} exceeds the record";
                return false;
            }

            var fields = new Field[count];
            for (var i = 0; i < count; i++)
            {
                var name = r.String();
                var time = r.Time();
                var types = (ReadoutTypes)r.VarUInt();
                var qos = (FieldQoS)r.VarUInt();
                var flags = r.Byte();
                var module = (flags & HasModule) != 0 ? r.String() : null;
                var stringIds = (flags & HasStringIds) != 0 ? r.String() : null;
                FieldValue value = (FieldValueKind)r.Byte() switch
                {
                    FieldValueKind.Numeric => new NumericValue(r.Double(), r.String(), r.Byte()),
                    FieldValueKind.Boolean => new BooleanValue(r.Byte() != 0),
                    FieldValueKind.Int => new IntValue(checked((int)r.VarInt())),
                    FieldValueKind.Long => new LongValue(r.VarInt()),
                    FieldValueKind.String => new StringValue(r.String()),
                    FieldValueKind.Enum => new EnumValue(r.String(), r.String()),
                    FieldValueKind.Date => new DateValue(DateOnly.FromDayNumber(checked((int)r.VarInt()))),
                    FieldValueKind.Time => new TimeValue(new TimeOnly(r.VarInt())),
                    FieldValueKind.DateTime => new DateTimeValue(r.Time()),
                    FieldValueKind.Duration => new DurationValue(TimeSpan.FromTicks(r.VarInt())),
                    var other => throw new FormatException($"unknown field value kind {(int)other}"),
                };
                fields[i] = new Field(name, value, time, types, qos)
                {
                    Writable = (flags & HasWritable) == 0 ? null : (flags & WritableTrue) != 0,
                    Module = module,
                    StringIds = stringIds,
                };
            }

            if (!r.AtEnd)
            {
                error = "trailing bytes after the last field";
                return false;
            }

            reading = new Reading(node, timestamp, fields, seqnr);
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or IndexOutOfRangeException
            or DecoderFallbackException)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The node id of an encoded reading, without decoding the rest (the log's index at start).</summary>
    public static bool TryPeekNode(ReadOnlySpan<byte> data, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? nodeId)
    {
        nodeId = null;
        try
        {
            var r = new Reader(data);
            if (r.Byte() != Version)
            {
                return false;
            }

            nodeId = r.String();
            return nodeId.Length > 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    private ref struct Writer(IBufferWriter<byte> output)
    {
        public readonly void Byte(byte value)
        {
            output.GetSpan(1)[0] = value;
            output.Advance(1);
        }

        public readonly void VarUInt(ulong value) => Internal.VarUInt.Write(output, value);

        // ZigZag, so small negative numbers stay short.
        public readonly void VarInt(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

        public readonly void Double(double value)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value);
            output.Advance(8);
        }

        public readonly void Time(DateTimeOffset value)
        {
            var span = output.GetSpan(10);
            BinaryPrimitives.WriteInt64LittleEndian(span, value.UtcTicks);
            BinaryPrimitives.WriteInt16LittleEndian(span[8..], (short)value.TotalOffsetMinutes);
            output.Advance(10);
        }

        public readonly void String(string value)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            VarUInt((ulong)count);
            Encoding.UTF8.GetBytes(value, output.GetSpan(count));
            output.Advance(count);
        }

        public readonly void OptionalString(string? value)
        {
            if (value is null)
            {
                Byte(0);
            }
            else
            {
                Byte(1);
                String(value);
            }
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public byte Byte() => _data[_position++];

        public ulong VarUInt() => Internal.VarUInt.Read(_data, ref _position);

        public long VarInt()
        {
            var raw = VarUInt();
            return (long)(raw >> 1) ^ -(long)(raw & 1);
        }

        public double Double()
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, 8));
            _position += 8;
            return value;
        }

        public DateTimeOffset Time()
        {
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(_data.Slice(_position, 8));
            var offset = BinaryPrimitives.ReadInt16LittleEndian(_data.Slice(_position + 8, 2));
            _position += 10;
            var utc = new DateTimeOffset(ticks, TimeSpan.Zero);
            return offset == 0 ? utc : utc.ToOffset(TimeSpan.FromMinutes(offset));
        }

        public string String()
        {
            var count = checked((int)VarUInt());
            var value = Encoding.UTF8.GetString(_data.Slice(_position, count));
            _position += count;
            return value;
        }

        public string? OptionalString() => Byte() == 0 ? null : String();
    }
}
