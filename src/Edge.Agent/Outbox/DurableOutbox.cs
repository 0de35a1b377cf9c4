using System.Buffers;
using System.Threading.Channels;
using Edge.Agent.Outbox.Internal;
using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Outbox;

/// <summary>
/// The durable log of readings between the sampler and the publisher: an append-only log of segment files in one
/// directory, with group commit: the sampler hands a whole cycle in one append, one commit per cycle, which it runs on
/// its own thread when no commit is under way (no hand-off to the writer loop and back); appends arriving while a
/// commit is under way (or within <see cref="OutboxOptions.CommitDelay"/>, when set) wait for the writer loop and
/// share its next write and fsync; <see cref="AppendAsync(IReadOnlyList{Reading}, CancellationToken)"/> completes only
/// once they are durable. A reading the server acknowledged is
/// removed with an acknowledgement record, written with the next commit (a commit of removals alone is not fsynced:
/// the next append's fsync of the file carries it, and losing it republishes); a segment whose readings are all
/// acknowledged is deleted. Power-cut semantics: a reading is either published or still in the log; a record torn by
/// a power cut is cut off at the next start (its append was never acknowledged), and a removal lost to a power cut
/// only means the reading is published again with the same item id, which the node replaces.
/// <para>
/// Bounded by <see cref="OutboxOptions.MaxEntries"/> and <see cref="OutboxOptions.MaxBytes"/> with the configured
/// overflow policy. A disk that refuses writes (full, read-only, failing) never stops the agent: readings then wait
/// in a bounded memory ring, are published from there, and are written to the log once the disk takes writes again.
/// </para>
/// <para>
/// The index in memory holds per reading only its node id and where its bytes are (≈ 130–190 bytes each, so
/// <see cref="OutboxOptions.MaxEntries"/> bounds it); the publisher reads a reading back when it sends it. The last
/// <see cref="RecentReadings"/> readings appended are also kept as the sampler made them, so a connected agent publishes
/// them without reading and decoding their bytes again (that decode was the largest allocation left per published
/// reading, issue 12); older ones, and all of them after a restart, are read from the log. A directory from an earlier
/// version (one <c>.entry</c> file per reading) is migrated at start.
/// </para>
/// </summary>
public sealed partial class DurableOutbox : IAsyncDisposable
{
    /// <summary>
    /// How many of the readings appended last are kept in memory as they were appended (at most this many readings'
    /// objects, ≈ 1 KB each for the sim profile's nodes): the publish window's worth (<c>Agent:PubSub:Window</c>, 64).
    /// </summary>
    public const int RecentReadings = 64;

    private readonly string _directory;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Slot> _slots = [];
    private readonly Queue<Slot> _recent = new(RecentReadings + 1); // the slots whose Recent is set, oldest first (guarded by _lock)
    private readonly Dictionary<string, SequenceSet> _byNode = new(StringComparer.Ordinal);
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private readonly SemaphoreSlim _commitGate = new(1, 1); // one commit at a time: an appender's own, or the writer loop's
    private bool _appended; // a commit added readings: Appended is due (guarded by _lock)
    private long _next;
    private long _bytes;
    private long _parked;
    private int _memoryCount;
    private bool _disposed;

    /// <summary>Opens (or creates) the log in <paramref name="directory"/>; recovers and migrates what it finds there.</summary>
    public DurableOutbox(string directory, OutboxOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = Path.GetFullPath(directory);
        _options = options;
        _time = time;
        _logger = logger;
        Recover();
        _writer = Task.Run(() => WriteLoopAsync(_stopping.Token));
    }

    /// <summary>Readings waiting to be published.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Bytes of the waiting readings' records.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The sequence number the next reading gets: in a fresh directory, the number of readings ever appended.</summary>
    public long NextSequence
    {
        get
        {
            lock (_lock)
            {
                return _next;
            }
        }
    }

    /// <summary>Readings discarded since start: by the overflow policy, by the memory ring's bound, or unreadable.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>fsync calls since start (files and directories): what a flash card's wear follows.</summary>
    public long Fsyncs => Interlocked.Read(ref _fsyncs);

    /// <summary>True while the disk refuses writes and new readings wait in memory.</summary>
    public bool Degraded => Volatile.Read(ref _degraded);

    /// <summary>
    /// Appends readings; completes once they are durable (or, while the disk refuses writes, held in memory), with
    /// what happened to them. Readings appended together keep their order.
    /// </summary>
    public Task<AppendResult> AppendAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (readings.Count == 0)
        {
            return Task.FromResult(AppendResult.Durable);
        }

        var records = new List<PendingRecord>(readings.Count);
        foreach (var reading in readings)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            ReadingCodec.Encode(reading, buffer);
            records.Add(new PendingRecord(reading.Node.NodeId, buffer.WrittenSpan.ToArray(), reading));
        }

        var done = new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new Request(records, done);
        if (_options.CommitDelay == TimeSpan.Zero && _commitGate.Wait(0, CancellationToken.None))
        {
            // No commit under way: this caller commits (write, fsync) on its own thread, with whatever was queued
            // before it, and continues with the result: no hand-off to the writer loop and back.
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var batch = new List<Request>();
                while (_requests.Reader.TryRead(out var queued))
                {
                    batch.Add(queued);
                }

                batch.Add(request);
                CommitAndRaise(batch);
            }
            finally
            {
                _ = _commitGate.Release();
            }

            return done.Task;
        }

        ObjectDisposedException.ThrowIf(!_requests.Writer.TryWrite(request), this);

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Appends one reading (see <see cref="AppendAsync(IReadOnlyList{Reading}, CancellationToken)"/>).</summary>
    public Task<AppendResult> AppendAsync(Reading reading, CancellationToken cancellationToken) => AppendAsync([reading], cancellationToken);

    /// <summary>The node ids that have readings waiting.</summary>
    public IReadOnlyList<string> Nodes()
    {
        lock (_lock)
        {
            return [.. _byNode.Where(n => n.Value.Count > 0).Select(n => n.Key)];
        }
    }

    /// <summary>The oldest waiting reading of <paramref name="node"/> with a sequence number above <paramref name="after"/>.</summary>
    public bool TryGetNext(string node, long after, out long sequence)
    {
        lock (_lock)
        {
            if (_byNode.TryGetValue(node, out var set) && set.TryGetNext(after, out sequence))
            {
                return true;
            }
        }

        sequence = -1;
        return false;
    }

    /// <summary>
    /// Reads a waiting reading back. False when it is gone (acknowledged meanwhile) or unreadable; an unreadable one
    /// is dropped with an error log, so it cannot block its node.
    /// </summary>
    public bool TryRead(long sequence, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Reading? reading)
    {
        reading = null;
        Slot? slot;
        lock (_lock)
        {
            if (!_slots.TryGetValue(sequence, out slot))
            {
                return false;
            }

            if (slot.Recent is { } recent)
            {
                reading = recent; // appended a moment ago: the sampler's own object, the same reading as its bytes
                return true;
            }
        }

        string? error;
        try
        {
            var bytes = slot.Memory ?? ReadRecord(slot);
            if (ReadingCodec.TryDecode(bytes, out reading, out error))
            {
                return true;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidDataException)
        {
            lock (_lock)
            {
                if (!_slots.ContainsKey(sequence))
                {
                    return false; // acknowledged and its segment deleted while we read
                }
            }

            error = e.Message;
        }

        Log.OutboxUnreadable(_logger, sequence, error);
        if (RemoveCore(sequence))
        {
            Interlocked.Increment(ref _dropped);
        }

        return false;
    }

    /// <summary>The server acknowledged the reading: it leaves the log (durably with the next commit). False if it was gone.</summary>
    public bool Remove(long sequence) => RemoveCore(sequence);

    /// <summary>The file parked readings are kept in (the log's record format), for inspection or a manual replay.</summary>
    public string ParkedFile => Path.Combine(_directory, "parked.dat");

    /// <summary>Readings parked since start.</summary>
    public long Parked => Interlocked.Read(ref _parked);

    /// <summary>
    /// Sets a reading aside that the server keeps refusing, so it cannot block its node: it is appended to
    /// <see cref="ParkedFile"/> (best effort: a refusing disk loses it, with the caller's log line as its trace) and
    /// leaves the log.
    /// </summary>
    public bool Park(long sequence)
    {
        Slot? slot;
        lock (_lock)
        {
            if (!_slots.TryGetValue(sequence, out slot))
            {
                return false;
            }
        }

        try
        {
            var bytes = slot.Memory ?? ReadRecord(slot);
            var buffer = new ArrayBufferWriter<byte>(bytes.Length + 32);
            WriteReadingRecord(buffer, sequence, bytes);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(ParkedFile, options);
            file.Write(buffer.WrittenSpan);
            file.Flush(flushToDisk: true);
            Interlocked.Increment(ref _fsyncs);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException)
        {
            Log.OutboxSegmentFailed(_logger, ParkedFile, e.Message);
        }

        Interlocked.Increment(ref _parked);
        return RemoveCore(sequence);
    }

    /// <summary>
    /// Raised after each commit that added readings (written, or held in memory while the disk refuses), on the thread
    /// that committed (the appender's, or the outbox's writer loop): a handler hands the news on (the publisher wakes
    /// its pump) and returns at once.
    /// </summary>
    public event EventHandler? Appended;

    /// <summary>Commits whatever is pending now (appends and removals) and completes once it is on disk.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.Writer.TryWrite(new Request([], done)))
        {
            return Task.CompletedTask;
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _requests.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        // An append committing on its caller's thread finishes before the files close.
        var idle = await _commitGate.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        CloseSegments();
        if (idle)
        {
            _ = _commitGate.Release();
        }

        if (_lockFile is not null)
        {
            await _lockFile.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private bool RemoveCore(long sequence)
    {
        lock (_lock)
        {
            if (!_slots.Remove(sequence, out var slot))
            {
                return false;
            }

            _byNode[slot.Node].Remove(sequence);
            _bytes -= slot.Length;
            slot.Recent = null;
            if (slot.Segment is { } segment)
            {
                segment.Live--;
            }
            else
            {
                _memoryCount--;
            }

            _removed.Add(sequence);
            return true;
        }
    }

    private void AddLocked(long sequence, Slot slot)
    {
        _slots.Add(sequence, slot);
        if (slot.Recent is not null)
        {
            _recent.Enqueue(slot);
            if (_recent.Count > RecentReadings)
            {
                _recent.Dequeue().Recent = null; // read from the log from now on
            }
        }

        if (!_byNode.TryGetValue(slot.Node, out var set))
        {
            set = new SequenceSet();
            _byNode.Add(string.Intern(slot.Node), set);
        }

        set.Add(sequence);
        _bytes += slot.Length;
        if (slot.Segment is { } segment)
        {
            segment.Live++;
        }
        else
        {
            _memoryCount++;
        }
    }

    /// <summary>Where a waiting reading's bytes are: in a segment at an offset, or (disk refused) in memory.</summary>
    private sealed class Slot(string node, int length)
    {
        public string Node { get; } = node;

        /// <summary>The record's body length (the reading's encoded bytes).</summary>
        public int Length { get; } = length;

        public Segment? Segment { get; set; }

        /// <summary>Offset of the reading's bytes in the segment.</summary>
        public long Offset { get; set; }

        public byte[]? Memory { get; set; }

        /// <summary>The reading as appended, while it is among the last <see cref="RecentReadings"/> (see <see cref="_recent"/>).</summary>
        public Reading? Recent { get; set; }
    }

    /// <summary>A reading to append: its node, its encoded bytes and (when the caller had it) the reading itself.</summary>
    private sealed record PendingRecord(string Node, byte[] Bytes, Reading? Reading = null);

    private sealed record Request(List<PendingRecord> Records, TaskCompletionSource<AppendResult> Done);
}
