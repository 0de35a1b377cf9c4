using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Edge.Agent.Internal;
using Edge.Agent.Outbox.Internal;
using Edge.Iot.SensorData;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Agent.Outbox;

/// <summary>Start-up: read the segments back into the index, cut off a torn tail, migrate a legacy directory.</summary>
public sealed partial class DurableOutbox
{
    private const string LegacyExtension = ".entry";
    private const int SharingViolation = unchecked((int)0x80070020); // Windows
    private const int WouldBlock = 11; // Linux: flock(LOCK_EX | LOCK_NB) answered EWOULDBLOCK

    private FileStream? _lockFile;

    private void Recover()
    {
        try
        {
            _ = OperatingSystem.IsWindows() ? Directory.CreateDirectory(_directory)
                : Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (IOException e)
        {
            Log.OutboxSegmentFailed(_logger, _directory, e.Message);
        }

        TakeLock();
        var files = Directory.Exists(_directory)
            ? Directory.EnumerateFiles(_directory, "*" + Segment.Extension)
                .Select(f => (Path: f, Ok: Segment.TryParseName(f, out var first), First: first)).Where(f => f.Ok)
                .OrderBy(f => f.First).ToList()
            : [];
        var removed = new HashSet<long>();
        for (var i = 0; i < files.Count; i++)
        {
            var segment = Scan(files[i].Path, files[i].First, last: i == files.Count - 1, removed);
            _segments.Add(segment);
            _next = Math.Max(_next, segment.First);
        }

        foreach (var sequence in removed)
        {
            if (_slots.Remove(sequence, out var slot))
            {
                _byNode[slot.Node].Remove(sequence);
                _bytes -= slot.Length;
                slot.Segment!.Live--;
            }
        }

        if (_segments.Count == 0)
        {
            try
            {
                _segments.Add(Segment.Create(_directory, _next));
                SyncDirectory();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Started on a full or read-only disk: readings wait in memory until it takes writes.
                _segments.Add(Segment.Existing(Path.Combine(_directory, Segment.NameFor(_next)), _next, 0));
                _degraded = true;
                Log.OutboxDiskRefused(_logger, _directory, e.Message, _options.MemoryEntries);
            }
        }

        MigrateLegacy();
        if (_slots.Count > 0)
        {
            Log.OutboxRecovered(_logger, _slots.Count, _segments.Count, _directory);
        }
    }

    /// <summary>
    /// One process per log: a second <c>edge run</c> on the same data directory would interleave its records with
    /// ours. The lock is the kernel's (flock through <see cref="FileShare.None"/>), so a crashed agent leaves none.
    /// </summary>
    private void TakeLock()
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            _lockFile = new FileStream(Path.Combine(_directory, "lock"), options);
        }
        catch (IOException e) when (e.HResult is SharingViolation or WouldBlock)
        {
            throw new IOException($"The outbox {_directory} is in use by another process (another edge run on the same Agent:DataDirectory?).", e);
        }
        catch (IOException e)
        {
            // A full or read-only disk cannot even take the lock file: go on without it (the disk refuses our writes too).
            Log.OutboxSegmentFailed(_logger, _directory, "no lock file: " + e.Message);
        }
    }

    /// <summary>Reads one segment's records into the index; a torn tail of the last segment is cut off.</summary>
    private Segment Scan(string path, long first, bool last, HashSet<long> removed)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var segment = Segment.Existing(path, first, 0);
        var header = new byte[HeaderBytes];
        byte[] body = new byte[256];
        long offset = 0;
        string? damage = null;
        while (true)
        {
            var got = stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
            if (got == 0)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (got < HeaderBytes || length is 0 or > MaxRecordBytes || offset + HeaderBytes + length > stream.Length)
            {
                damage = got < HeaderBytes ? "a partial record header" : $"a record of {length} bytes that does not fit";
                break;
            }

            if (body.Length < length)
            {
                body = new byte[Math.Max(length, body.Length * 2)];
            }

            var span = body.AsSpan(0, (int)length);
            stream.ReadExactly(span);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)) != Crc32C.Compute(span))
            {
                damage = "a record that fails its checksum";
                break;
            }

            if (span[0] == ReadingRecord && span.Length > ReadingPrefix
                && ReadingCodec.TryPeekNode(span[ReadingPrefix..], out var node))
            {
                var sequence = BinaryPrimitives.ReadInt64LittleEndian(span[1..]);
                if (!_slots.ContainsKey(sequence))
                {
                    AddLocked(sequence, new Slot(node, span.Length - ReadingPrefix) { Segment = segment, Offset = offset + HeaderBytes + ReadingPrefix });
                }

                _next = Math.Max(_next, sequence + 1);
            }
            else if (span[0] == RemovedRecord)
            {
                ReadRemoved(span[1..], removed);
            }
            else
            {
                damage = $"a record of unknown type {span[0]}";
                break;
            }

            offset += HeaderBytes + length;
        }

        segment.Length = offset;
        if (damage is not null)
        {
            if (last)
            {
                // A power cut during a commit: that commit was never acknowledged to anyone. Cut it off.
                Log.OutboxTornTail(_logger, path, offset, damage);
                stream.Dispose();
                try
                {
                    using var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                    truncate.SetLength(offset);
                    truncate.Flush(flushToDisk: true);
                    Interlocked.Increment(ref _fsyncs);
                }
                catch (IOException e)
                {
                    Log.OutboxSegmentFailed(_logger, path, e.Message);
                }
            }
            else
            {
                // Damage inside an older segment (bit rot): what follows it in that segment cannot be framed.
                Log.OutboxDamaged(_logger, path, offset, damage);
            }
        }

        return segment;
    }

    private void ReadRemoved(ReadOnlySpan<byte> data, HashSet<long> removed)
    {
        try
        {
            var position = 0;
            var count = VarUInt.Read(data, ref position);
            long sequence = 0;
            for (ulong i = 0; i < count; i++)
            {
                sequence += (long)VarUInt.Read(data, ref position);
                removed.Add(sequence);
            }
        }
        catch (FormatException e)
        {
            // The record passed its checksum, so this is a bug, not damage: keep the readings (published again at worst).
            Log.OutboxSegmentFailed(_logger, _directory, "a removal record that does not parse: " + e.Message);
        }
    }

    /// <summary>
    /// An outbox directory of the earlier format (one <c>{sequence}.entry</c> file per reading: node, item id and the
    /// XEP-0323 <c>fields</c> XML on three lines) becomes readings in the log, in their order, then its files go.
    /// </summary>
    private void MigrateLegacy()
    {
        if (!Directory.Exists(_directory))
        {
            return;
        }

        var legacy = Directory.EnumerateFiles(_directory, "*" + LegacyExtension)
            .Select(f => (Path: f, Ok: long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var s), Sequence: s))
            .Where(f => f.Ok).OrderBy(f => f.Sequence).ToList();
        if (legacy.Count == 0)
        {
            return;
        }

        var readings = new List<Reading>();
        foreach (var (path, _, _) in legacy)
        {
            if (TryReadLegacy(path, out var reading, out var error))
            {
                readings.Add(reading);
            }
            else
            {
                Log.OutboxLegacySkipped(_logger, path, error);
            }
        }

        var done = new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var records = readings.Select(r => new PendingRecord(r.Node.NodeId, ReadingCodec.Encode(r))).ToList();
        Commit([new Request(records, done)]);
        if (done.Task.Result != AppendResult.Durable)
        {
            return; // the disk refused: keep the legacy files, migrate at the next start
        }

        foreach (var file in legacy.Select(l => l.Path)
            .Concat(Directory.EnumerateFiles(_directory, "*.tmp"))
            .Concat([Path.Combine(_directory, "next-sequence")]))
        {
            File.Delete(file);
        }

        SyncDirectory();
        Log.OutboxMigrated(_logger, readings.Count, legacy.Count - readings.Count, _directory);
    }

    /// <summary>A legacy file's payload line: one XEP-0323 <c>fields</c> element the agent wrote itself, 1 MiB at most.</summary>
    private static readonly XmlMarkupOptions LegacyPayloadMarkup = new() { MaxBytes = 1024 * 1024, MaxDepth = 16 };

    private static bool TryReadLegacy(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Reading? reading,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        reading = null;
        try
        {
            var text = File.ReadAllText(path, Encoding.UTF8);
            var lines = text.Split('\n', 3);
            if (lines.Length < 3)
            {
                error = "not node, item id and payload on three lines";
                return false;
            }

            var node = XmlMarkup.Parse(lines[2], LegacyPayloadMarkup).Elements().FirstOrDefault(e => e.Name.LocalName == "node");
            if (node is null)
            {
                error = "no <node/> in the payload";
                return false;
            }

            if (!FieldsElement.TryParseNode(node, TimeZoneInfo.Utc, out var parsed, out error))
            {
                return false;
            }

            // The item id was the sampling time: keep it, so a reading published before the upgrade is replaced, not doubled.
            var timestamp = DateTimeOffset.TryParseExact(lines[1], "yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : parsed.Timestamp;
            reading = new Reading(parsed.Node, timestamp, parsed.Fields, parsed.SequenceNumber);
            return true;
        }
        catch (Exception e) when (e is IOException or XmlMarkupException)
        {
            error = e.Message;
            return false;
        }
    }

    private void SyncDirectory()
    {
        if (Posix.SyncDirectory(_directory))
        {
            Interlocked.Increment(ref _fsyncs);
        }
    }
}
