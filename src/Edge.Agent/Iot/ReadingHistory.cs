using Edge.Things;

namespace Edge.Agent.Iot;

/// <summary>
/// The device's local history for historical readouts (XEP-0323 <c>historicalMinute</c>, <c>historicalHour</c>):
/// every sampled reading is folded into per-field minute and hour buckets — the average for numeric fields, the last
/// value for the others; samples flagged missing are skipped. Only buckets whose period has ended are reported. Memory is bounded
/// by <c>fields × (minutes + hours)</c> buckets; the history lives in memory and starts empty after a restart (the
/// published items on the server are the durable record).
/// </summary>
public sealed class ReadingHistory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(ThingReference Node, string Field), FieldHistory> _fields = [];
    private readonly int _minutes;
    private readonly int _hours;
    private readonly TimeProvider _time;

    /// <param name="time">The clock that says which buckets have ended.</param>
    /// <param name="minutes">Minute buckets kept per field (default 6 hours' worth).</param>
    /// <param name="hours">Hour buckets kept per field (default 7 days' worth).</param>
    public ReadingHistory(TimeProvider time, int minutes = 360, int hours = 168)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        _minutes = minutes;
        _hours = hours;
    }

    /// <summary>Folds one sampled reading in.</summary>
    public void Record(ThingReference node, IReadOnlyList<Field> fields)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(fields);
        lock (_lock)
        {
            foreach (Field field in fields)
            {
                if ((field.QoS & FieldQoS.Missing) != 0 || (field.Types & ReadoutTypes.Historical) != 0)
                {
                    continue;
                }

                if (!_fields.TryGetValue((node, field.Name), out FieldHistory? history))
                {
                    history = new FieldHistory(_minutes, _hours);
                    _fields.Add((node, field.Name), history);
                }

                history.Add(field);
            }
        }
    }

    /// <summary>
    /// The historical fields of <paramref name="node"/> of the kinds in <paramref name="types"/> (minute and hour are
    /// kept; other historical kinds have no data) whose bucket start lies in [<paramref name="from"/>, <paramref name="to"/>].
    /// </summary>
    public IReadOnlyList<Field> Query(ThingReference node, ReadoutTypes types, DateTimeOffset? from, DateTimeOffset? to)
    {
        ArgumentNullException.ThrowIfNull(node);
        var result = new List<Field>();
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var ((n, name), history) in _fields)
            {
                if (n != node)
                {
                    continue;
                }

                if ((types & ReadoutTypes.HistoricalMinute) != 0)
                {
                    history.Minutes.Collect(name, ReadoutTypes.HistoricalMinute, from, to, now, result);
                }

                if ((types & ReadoutTypes.HistoricalHour) != 0)
                {
                    history.Hours.Collect(name, ReadoutTypes.HistoricalHour, from, to, now, result);
                }
            }
        }

        result.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return result;
    }

    private sealed class FieldHistory(int minutes, int hours)
    {
        public Series Minutes { get; } = new(TimeSpan.FromMinutes(1), minutes);

        public Series Hours { get; } = new(TimeSpan.FromHours(1), hours);

        public void Add(Field field)
        {
            Minutes.Add(field);
            Hours.Add(field);
        }
    }

    private sealed class Series(TimeSpan period, int capacity)
    {
        private readonly LinkedList<Bucket> _buckets = new();

        public void Add(Field field)
        {
            var start = new DateTimeOffset(field.Timestamp.UtcTicks - (field.Timestamp.UtcTicks % period.Ticks), TimeSpan.Zero);
            Bucket? last = _buckets.Last?.Value;
            if (last is null || last.Start != start)
            {
                if (last is not null && start < last.Start)
                {
                    return; // a late sample for a closed bucket (clock stepped back): history does not rewrite itself
                }

                last = new Bucket(start);
                _buckets.AddLast(last);
                if (_buckets.Count > capacity)
                {
                    _buckets.RemoveFirst();
                }
            }

            last.Add(field.Value);
        }

        /// <summary>Buckets whose period has ended by <paramref name="now"/>; a filling one is not reported.</summary>
        public void Collect(string name, ReadoutTypes kind, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now,
            List<Field> into)
        {
            foreach (Bucket bucket in _buckets)
            {
                if (bucket.Start + period <= now && (from is null || bucket.Start >= from) && (to is null || bucket.Start <= to) && bucket.Value() is { } value)
                {
                    into.Add(new Field(name, value, bucket.Start, kind));
                }
            }
        }
    }

    private sealed class Bucket(DateTimeOffset start)
    {
        private double _sum;
        private int _count;
        private FieldValue? _last;

        public DateTimeOffset Start { get; } = start;

        public void Add(FieldValue value)
        {
            if (value is NumericValue n)
            {
                _sum += n.Value;
                _count++;
            }

            _last = value;
        }

        public FieldValue? Value() => _last is NumericValue n && _count > 0
            ? new NumericValue(_sum / _count, n.Unit, n.Decimals)
            : _last;
    }
}
