using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Outbox;

/// <summary>
/// A bounded, power-loss-safe FIFO of readings on disk: one file per entry, written to a temporary name, flushed to
/// the device and renamed into place, so an entry is either wholly there or not at all. An entry is removed only after
/// the server acknowledged its publish. Survives restarts: the queue is whatever files are there.
/// </summary>
public sealed class DurableOutbox
{
    private const string Extension = ".entry";
    private readonly string _directory;
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly SortedSet<long> _sequences = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _next;

    public DurableOutbox(string directory, OutboxOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory;
        _options = options;
        _logger = logger;
        Directory.CreateDirectory(directory);
        foreach (var tmp in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            File.Delete(tmp); // an append interrupted by power loss: never acknowledged to anyone
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                _sequences.Add(seq);
            }
        }

        _next = Math.Max(_sequences.Count == 0 ? 0 : _sequences.Max + 1, ReadCounter());
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sequences.Count;
            }
        }
    }

    /// <summary>The sequence number the next entry gets: in a fresh directory, the number of entries ever appended.</summary>
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

    /// <summary>Entries discarded by the overflow policy since start.</summary>
    public long Dropped { get; private set; }

    /// <summary>Appends an entry durably; returns its sequence number (unique across restarts).</summary>
    public long Append(string node, string itemId, string payload)
    {
        lock (_lock)
        {
            if (_sequences.Count >= _options.MaxEntries)
            {
                Dropped++;
                if (_options.Overflow == OutboxOverflow.DropNewest)
                {
                    Log.OutboxFull(_logger, _options.MaxEntries, "dropped the new reading");
                    return -1;
                }

                var oldest = _sequences.Min;
                _sequences.Remove(oldest);
                File.Delete(PathOf(oldest));
                Log.OutboxFull(_logger, _options.MaxEntries, "dropped the oldest reading");
            }

            var seq = _next++;
            WriteAtomically(PathOf(seq), node + "\n" + itemId + "\n" + payload);
            WriteAtomically(Path.Combine(_directory, "next-sequence"), _next.ToString(CultureInfo.InvariantCulture));
            _sequences.Add(seq);
            _changed.TrySetResult();
            return seq;
        }
    }

    /// <summary>The oldest entry, if any (it stays until <see cref="Remove"/>).</summary>
    public bool TryPeek(out OutboxEntry? entry)
    {
        lock (_lock)
        {
            while (_sequences.Count > 0)
            {
                var seq = _sequences.Min;
                try
                {
                    var text = File.ReadAllText(PathOf(seq), Encoding.UTF8);
                    var first = text.IndexOf('\n', StringComparison.Ordinal);
                    var second = first < 0 ? -1 : text.IndexOf('\n', first + 1);
                    if (second > 0)
                    {
                        entry = new OutboxEntry(seq, text[..first], text[(first + 1)..second], text[(second + 1)..]);
                        return true;
                    }
                }
                catch (IOException e)
                {
                    Log.OutboxCorrupt(_logger, PathOf(seq), e);
                }

                Log.OutboxCorrupt(_logger, PathOf(seq), null);
                Quarantine(seq);
            }

            entry = null;
            return false;
        }
    }

    /// <summary>Removes an entry once the server acknowledged it.</summary>
    public void Remove(long sequence)
    {
        lock (_lock)
        {
            if (_sequences.Remove(sequence))
            {
                File.Delete(PathOf(sequence));
            }
        }
    }

    /// <summary>Moves an entry the server refuses for good aside (to <c>rejected/</c>), so it cannot block the queue.</summary>
    public void Reject(long sequence) => Quarantine(sequence, "rejected");

    /// <summary>Completes when an entry is appended (or immediately if the outbox is not empty).</summary>
    public Task WaitForEntryAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_sequences.Count > 0)
            {
                return Task.CompletedTask;
            }

            if (_changed.Task.IsCompleted)
            {
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _changed.Task.WaitAsync(cancellationToken);
        }
    }

    private void Quarantine(long sequence, string folder = "corrupt")
    {
        lock (_lock)
        {
            _sequences.Remove(sequence);
            var target = Path.Combine(_directory, folder);
            Directory.CreateDirectory(target);
            var source = PathOf(sequence);
            if (File.Exists(source))
            {
                File.Move(source, Path.Combine(target, Path.GetFileName(source)), overwrite: true);
            }
        }
    }

    private long ReadCounter()
    {
        var path = Path.Combine(_directory, "next-sequence");
        return File.Exists(path) && long.TryParse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private string PathOf(long sequence) =>
        Path.Combine(_directory, sequence.ToString("D19", CultureInfo.InvariantCulture) + Extension);

    private static void WriteAtomically(string path, string content)
    {
        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
    }
}
