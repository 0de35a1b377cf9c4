using System.Buffers;
using System.Buffers.Binary;
using Edge.Agent.Internal;
using Edge.Agent.Outbox.Internal;

namespace Edge.Agent.Outbox;

/// <summary>
/// The commit: appends and removals turned into records, one write and one fsync per commit; run by an appender on its
/// own thread when no commit is under way, else by the writer loop (which also writes removals on their own and retries
/// a refusing disk).
/// </summary>
public sealed partial class DurableOutbox
{
    // Record: u32 body length, u32 CRC-32C of the body, body. Body: u8 type, then
    //   ReadingRecord: i64 sequence, the reading (ReadingCodec)
    //   RemovedRecord: varint count, varint sequences (the first absolute, then the gaps), ascending
    private const int HeaderBytes = 8;
    private const byte ReadingRecord = 1;
    private const byte RemovedRecord = 2;
    private const int ReadingPrefix = 1 + 8;
    private const int MaxRecordBytes = 16 * 1024 * 1024;

    private readonly List<long> _removed = []; // acknowledged or dropped, not yet written (guarded by _lock)
    private readonly List<Segment> _segments = []; // oldest first; the last is the active one
    private long _dropped;
    private long _fsyncs;
    private bool _degraded;
    private bool _overflowing;
    private long _overflowDropped;
    private DateTimeOffset _nextDiskTry;

    private Segment Active => _segments[^1];

    private async Task WriteLoopAsync(CancellationToken token)
    {
        var reader = _requests.Reader;
        var batch = new List<Request>();
        while (true)
        {
            var wake = await WaitForWorkAsync(token).ConfigureAwait(false);
            if (wake == Wake.Closed)
            {
                if (await _commitGate.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false))
                {
                    try
                    {
                        Commit(batch); // the removals still pending
                    }
                    finally
                    {
                        _ = _commitGate.Release();
                    }
                }

                return;
            }

            if (wake == Wake.Request && _options.CommitDelay > TimeSpan.Zero)
            {
                // Group commit: let the rest of this burst (the other sensors of a sampling cycle) join the same fsync.
                try
                {
                    await Task.Delay(_options.CommitDelay, _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await _commitGate.WaitAsync(token).ConfigureAwait(false); // an appender may be committing on its own thread
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                while (reader.TryRead(out var request))
                {
                    batch.Add(request);
                }

                CommitAndRaise(batch);
            }
            finally
            {
                _ = _commitGate.Release();
            }

            batch.Clear();
        }
    }

    /// <summary>One commit and its <see cref="Appended"/>, under <see cref="_commitGate"/>; a fault fails the batch's requests, never the caller.</summary>
    private void CommitAndRaise(List<Request> batch)
    {
        try
        {
            Commit(batch);
            RaiseAppended();
        }
#pragma warning disable CA1031 // the writer must outlive any fault: without it no reading is ever acknowledged again
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.OutboxCommitCrashed(_logger, _directory, e);
            foreach (var request in batch)
            {
                request.Done.TrySetException(e);
            }
        }
    }

    /// <summary>Raises <see cref="Appended"/> once for a commit that added readings (outside the lock: no handler runs under it).</summary>
    private void RaiseAppended()
    {
        lock (_lock)
        {
            if (!_appended)
            {
                return;
            }

            _appended = false;
        }

        Appended?.Invoke(this, EventArgs.Empty);
    }

    private enum Wake
    {
        Request,
        Timer,
        Closed,
    }

    private async Task<Wake> WaitForWorkAsync(CancellationToken token)
    {
        TimeSpan? timeout;
        lock (_lock)
        {
            timeout = _degraded && _memoryCount > 0 ? _options.DiskRetryInterval : _removed.Count > 0 ? _options.RemoveDelay : null;
        }

        if (timeout is null)
        {
            try
            {
                return await _requests.Reader.WaitToReadAsync(token).ConfigureAwait(false) ? Wake.Request : Wake.Closed;
            }
            catch (OperationCanceledException)
            {
                return Wake.Closed;
            }
        }

        using var timer = new CancellationTokenSource(timeout.Value, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timer.Token);
        try
        {
            return await _requests.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false) ? Wake.Request : Wake.Closed;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return Wake.Timer;
        }
        catch (OperationCanceledException)
        {
            return Wake.Closed;
        }
    }

    /// <summary>One commit: admit the batch's readings (overflow policy), write them and the removals, fsync once (not for removals alone).</summary>
    private void Commit(List<Request> batch)
    {
        var admitted = new List<(long Sequence, Slot Slot, byte[] Bytes)>();
        var results = new AppendResult[batch.Count];
        List<(long Sequence, Slot Slot)> fromMemory = [];
        long[] removed;
        lock (_lock)
        {
            long admittedBytes = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = AppendResult.Durable;
                foreach (var record in batch[i].Records)
                {
                    if (!MakeRoomLocked(admittedBytes + record.Bytes.Length, admitted.Count))
                    {
                        results[i] = AppendResult.Dropped;
                        Interlocked.Increment(ref _dropped);
                        continue;
                    }

                    admitted.Add((_next++, new Slot(record.Node, record.Bytes.Length) { Recent = record.Reading }, record.Bytes));
                    admittedBytes += record.Bytes.Length;
                }
            }

            if (_degraded && _time.GetUtcNow() < _nextDiskTry)
            {
                // The disk refused the last write and the retry is not due: straight to memory, no write attempted.
                KeepInMemoryLocked(admitted);
                Complete(batch, results, AppendResult.Buffered);
                return;
            }

            if (_degraded)
            {
                fromMemory = [.. _slots.Where(s => s.Value.Memory is not null).OrderBy(s => s.Key).Select(s => (s.Key, s.Value))];
            }

            removed = [.. _removed];
            _removed.Clear();
        }

        if (admitted.Count == 0 && removed.Length == 0 && fromMemory.Count == 0)
        {
            Complete(batch, results, AppendResult.Durable);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        var offsets = new List<long>(admitted.Count + fromMemory.Count);
        var start = Active.Length;
        foreach (var (sequence, slot) in fromMemory)
        {
            offsets.Add(start + WriteReadingRecord(buffer, sequence, slot.Memory!));
        }

        foreach (var (sequence, _, bytes) in admitted)
        {
            offsets.Add(start + WriteReadingRecord(buffer, sequence, bytes));
        }

        if (removed.Length > 0)
        {
            WriteRemovedRecord(buffer, removed);
        }

        try
        {
            // Only appends need the fsync: a commit of removals alone is written and left to the next append's fsync
            // of the same file (a removal lost to a power cut republishes readings under the same item ids).
            Write(Active, buffer.WrittenSpan, durable: admitted.Count > 0 || fromMemory.Count > 0);
        }
        catch (IOException e)
        {
            lock (_lock)
            {
                _removed.AddRange(removed); // written with a later commit
                KeepInMemoryLocked(admitted);
                _nextDiskTry = _time.GetUtcNow() + _options.DiskRetryInterval;
                if (!_degraded)
                {
                    _degraded = true;
                    Log.OutboxDiskRefused(_logger, _directory, e.Message, _options.MemoryEntries);
                }
            }

            Complete(batch, results, AppendResult.Buffered);
            return;
        }

        lock (_lock)
        {
            var i = 0;
            foreach (var (sequence, slot) in fromMemory)
            {
                var offset = offsets[i++];
                if (slot.Memory is not null && _slots.TryGetValue(sequence, out var live) && ReferenceEquals(live, slot))
                {
                    slot.Memory = null;
                    slot.Segment = Active;
                    slot.Offset = offset;
                    Active.Live++;
                    _memoryCount--;
                }
            }

            foreach (var (sequence, slot, _) in admitted)
            {
                slot.Segment = Active;
                slot.Offset = offsets[i++];
                AddLocked(sequence, slot);
            }

            if (_degraded)
            {
                _degraded = false;
                Log.OutboxDiskBack(_logger, _directory, fromMemory.Count);
            }

            if (admitted.Count > 0)
            {
                _appended = true;
            }
        }

        Complete(batch, results, AppendResult.Durable);
        RotateAndDelete();
    }

    private static void Complete(List<Request> batch, AppendResult[] results, AppendResult success)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(results[i] == AppendResult.Dropped ? AppendResult.Dropped : success);
        }
    }

    /// <summary>Applies the overflow policy for one more record; false when the record must be dropped.</summary>
    private bool MakeRoomLocked(long pendingBytes, int pendingCount)
    {
        var full = false;
        while (_slots.Count + pendingCount + 1 > _options.MaxEntries || _bytes + pendingBytes > _options.MaxBytes)
        {
            full = true;
            if (_options.Overflow == OutboxOverflow.DropNewest || _slots.Count == 0)
            {
                NoteOverflowLocked("dropping new readings");
                return false;
            }

            // DropOldest: the oldest waiting reading of any node goes, as if acknowledged.
            var oldest = _byNode.Values.Where(s => s.Count > 0).Min(s => s.Min);
            var slot = _slots[oldest];
            _slots.Remove(oldest);
            _byNode[slot.Node].Remove(oldest);
            _bytes -= slot.Length;
            if (slot.Segment is { } segment)
            {
                segment.Live--;
            }
            else
            {
                _memoryCount--;
            }

            _removed.Add(oldest);
            Interlocked.Increment(ref _dropped);
            NoteOverflowLocked("dropping the oldest readings");
        }

        if (!full && _overflowing)
        {
            _overflowing = false;
            Log.OutboxRoomAgain(_logger, _overflowDropped);
            _overflowDropped = 0;
        }

        return true;
    }

    private void NoteOverflowLocked(string action)
    {
        _overflowDropped++;
        if (!_overflowing)
        {
            _overflowing = true;
            Log.OutboxFull(_logger, _options.MaxEntries, _options.MaxBytes, action);
        }
    }

    private void KeepInMemoryLocked(List<(long Sequence, Slot Slot, byte[] Bytes)> admitted)
    {
        foreach (var (sequence, slot, bytes) in admitted)
        {
            slot.Memory = bytes;
            AddLocked(sequence, slot);
        }

        // The ring's bound: the oldest readings held only in memory go first.
        while (_memoryCount > _options.MemoryEntries)
        {
            var oldest = _slots.Where(s => s.Value.Memory is not null).Min(s => s.Key);
            RemoveCore(oldest);
            Interlocked.Increment(ref _dropped);
        }

        if (admitted.Count > 0)
        {
            _appended = true;
        }
    }

    private static int WriteReadingRecord(ArrayBufferWriter<byte> buffer, long sequence, byte[] reading)
    {
        var recordStart = buffer.WrittenCount;
        var span = buffer.GetSpan(HeaderBytes + ReadingPrefix + reading.Length);
        var body = span.Slice(HeaderBytes, ReadingPrefix + reading.Length);
        body[0] = ReadingRecord;
        BinaryPrimitives.WriteInt64LittleEndian(body[1..], sequence);
        reading.CopyTo(body[ReadingPrefix..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32C.Compute(body));
        buffer.Advance(HeaderBytes + body.Length);
        return recordStart + HeaderBytes + ReadingPrefix;
    }

    private static void WriteRemovedRecord(ArrayBufferWriter<byte> buffer, long[] sequences)
    {
        Array.Sort(sequences);
        var body = new ArrayBufferWriter<byte>(16 + (sequences.Length * 2));
        body.GetSpan(1)[0] = RemovedRecord;
        body.Advance(1);
        VarUInt.Write(body, (ulong)sequences.Length);
        long previous = 0;
        foreach (var s in sequences)
        {
            VarUInt.Write(body, (ulong)(s - previous));
            previous = s;
        }

        var span = buffer.GetSpan(HeaderBytes + body.WrittenCount);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)body.WrittenCount);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32C.Compute(body.WrittenSpan));
        body.WrittenSpan.CopyTo(span[HeaderBytes..]);
        buffer.Advance(HeaderBytes + body.WrittenCount);
    }

    /// <summary>
    /// Writes at the segment's end, and fsyncs when <paramref name="durable"/>; on failure the segment is cut back to
    /// where it was.
    /// </summary>
    private void Write(Segment segment, ReadOnlySpan<byte> bytes, bool durable)
    {
        var handle = segment.OpenForWrite();
        try
        {
            RandomAccess.Write(handle, bytes, segment.Length);
            if (durable)
            {
                RandomAccess.FlushToDisk(handle);
                Interlocked.Increment(ref _fsyncs);
            }

            segment.Length += bytes.Length;
        }
        catch (IOException)
        {
            try
            {
                RandomAccess.SetLength(handle, segment.Length);
            }
            catch (IOException)
            {
                // Recovery cuts off a torn tail at the next start.
            }

            throw;
        }
    }

    /// <summary>Starts a new segment past the size limit; deletes old segments whose readings are all gone.</summary>
    private void RotateAndDelete()
    {
        var changed = false;
        try
        {
            if (Active.Length >= _options.SegmentBytes)
            {
                long first;
                lock (_lock)
                {
                    first = _next;
                }

                var segment = Segment.Create(_directory, first);
                lock (_lock)
                {
                    _segments.Add(segment);
                }

                changed = true;
            }

            List<Segment> dead;
            lock (_lock)
            {
                dead = [.. _segments.Take(_segments.Count - 1).Where(s => s.Live == 0)];
                _segments.RemoveAll(dead.Contains);
            }

            foreach (var segment in dead)
            {
                segment.Delete();
                changed = true;
            }
        }
        catch (IOException e)
        {
            Log.OutboxSegmentFailed(_logger, _directory, e.Message);
        }

        if (changed && Posix.SyncDirectory(_directory))
        {
            Interlocked.Increment(ref _fsyncs);
        }
    }

    private static byte[] ReadRecord(Slot slot)
    {
        var segment = slot.Segment ?? throw new InvalidDataException("The reading has no place on disk.");
        var record = new byte[HeaderBytes + ReadingPrefix + slot.Length];
        var start = slot.Offset - ReadingPrefix - HeaderBytes;
        var read = RandomAccess.Read(segment.OpenForRead(), record, start);
        if (read != record.Length)
        {
            throw new InvalidDataException($"Segment {segment.Path} ends inside the record at {start}.");
        }

        var body = record.AsSpan(HeaderBytes);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != body.Length
            || BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(4)) != Crc32C.Compute(body))
        {
            throw new InvalidDataException($"The record at {start} in {segment.Path} fails its checksum.");
        }

        return record[(HeaderBytes + ReadingPrefix)..];
    }

    private void CloseSegments()
    {
        lock (_lock)
        {
            foreach (var segment in _segments)
            {
                segment.Close();
            }
        }
    }
}
