using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Edge.Agent.Outbox.Internal;

/// <summary>
/// One file of the log, named by the first sequence number it was started for (<c>0000000000000000042.log</c>, so
/// names sort in log order). Tracks its valid length and how many of its readings still wait.
/// </summary>
internal sealed class Segment
{
    public const string Extension = ".log";

    private readonly Lock _lock = new();
    private FileStream? _stream; // kept, not just its handle: a collected FileStream would close the handle
    private SafeFileHandle? _handle; // _stream's, taken once: FileStream.SafeFileHandle seeks the file each time it is asked
    private bool _writable;
    private bool _closed;

    private Segment(string path, long first, long length)
    {
        Path = path;
        First = first;
        Length = length;
    }

    public string Path { get; }

    public long First { get; }

    /// <summary>Bytes of whole, valid records; the next record is written here.</summary>
    public long Length { get; set; }

    /// <summary>Readings in this segment that still wait (not acknowledged, not dropped).</summary>
    public int Live { get; set; }

    public static string NameFor(long first) => first.ToString("D19", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseName(string path, out long first) =>
        long.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out first);

    /// <summary>A segment found on disk, of <paramref name="length"/> valid bytes.</summary>
    public static Segment Existing(string path, long first, long length) => new(path, first, length);

    /// <summary>Creates a new, empty segment file (private to the agent: 0600).</summary>
    public static Segment Create(string directory, long first)
    {
        var path = System.IO.Path.Combine(directory, NameFor(first));
        var segment = new Segment(path, first, 0);
        segment.Keep(Open(path, FileMode.CreateNew, FileAccess.ReadWrite));
        segment._writable = true;
        return segment;
    }

    public SafeFileHandle OpenForWrite()
    {
        lock (_lock)
        {
            if (_handle is null || !_writable)
            {
                _stream?.Dispose();
                Keep(Open(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite)); // created late after a start on a full disk
                _writable = true;
            }

            return _handle!;
        }
    }

    public SafeFileHandle OpenForRead()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_handle is null)
            {
                Keep(Open(Path, FileMode.Open, FileAccess.Read));
            }

            return _handle!;
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _stream?.Dispose();
        }
    }

    public void Delete()
    {
        Close();
        File.Delete(Path);
    }

    private void Keep(FileStream stream)
    {
        _stream = stream;
        _handle = stream.SafeFileHandle;
    }

    // Through FileStreamOptions for the create mode (File.OpenHandle takes none); reads and writes go through
    // RandomAccess on its handle, at explicit offsets.
    private static FileStream Open(string path, FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.ReadWrite, BufferSize = 0 };
        if (!OperatingSystem.IsWindows() && mode != FileMode.Open)
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
