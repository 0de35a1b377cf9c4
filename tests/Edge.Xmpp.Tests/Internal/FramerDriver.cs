using System.Buffers;
using System.Text;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

/// <summary>
/// Drives a <see cref="StreamFramer"/> (or any <see cref="IStreamCodec"/>) the way a <c>PipeReader</c> loop does: each
/// read appends a new segment after whatever the framer left unconsumed, so frames regularly straddle segment boundaries.
/// </summary>
internal sealed class FramerDriver
{
    private readonly List<byte[]> _segments = [];
    private readonly IStreamCodec? _codec;

    public FramerDriver(int maxElementBytes = 4096) => Framer = new(maxElementBytes);

    public FramerDriver(IStreamCodec codec)
    {
        _codec = codec;
        Framer = new(4096);
    }

    public StreamFramer Framer { get; }

    public List<(FrameKind Kind, XElement? Element)> Frames { get; } = [];

    /// <summary>Total bytes handed to the framer so far.</summary>
    public long Fed { get; private set; }

    /// <summary>The most bytes the framer ever asked the caller to keep buffered.</summary>
    public long MaxBuffered { get; private set; }

    public long Buffered => _segments.Sum(s => (long)s.Length);

    public void Feed(string text) => Feed(Encoding.UTF8.GetBytes(text));

    public void Feed(byte[] bytes)
    {
        if (bytes.Length > 0)
        {
            _segments.Add(bytes);
        }

        Fed += bytes.Length;
        var buffer = Build();
        while (_codec is null ? Framer.TryReadFrame(ref buffer, out var kind, out var element) : _codec.TryReadFrame(ref buffer, out kind, out element))
        {
            Frames.Add((kind, element));
        }

        _segments.Clear();
        foreach (var memory in buffer)
        {
            _segments.Add(memory.ToArray());
        }

        MaxBuffered = Math.Max(MaxBuffered, Buffered);
    }

    /// <summary>Feeds one byte at a time: every possible split point is exercised.</summary>
    public void FeedByteByByte(string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            Feed([b]);
        }
    }

    /// <summary>Feeds in chunks of <paramref name="size"/> bytes.</summary>
    public void FeedInChunks(byte[] bytes, int size)
    {
        for (var i = 0; i < bytes.Length; i += size)
        {
            Feed(bytes.AsSpan(i, Math.Min(size, bytes.Length - i)).ToArray());
        }
    }

    private ReadOnlySequence<byte> Build()
    {
        if (_segments.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(_segments[0], 0);
        var last = first;
        for (var i = 1; i < _segments.Count; i++)
        {
            last = last.Append(_segments[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
