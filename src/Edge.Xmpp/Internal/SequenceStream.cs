using System.Buffers;

namespace Edge.Xmpp.Internal;

/// <summary>A read-only stream over a <see cref="ReadOnlySequence{T}"/>, so a framed stanza is parsed without a copy.</summary>
internal sealed class SequenceStream : Stream
{
    private readonly long _length;
    private ReadOnlySequence<byte> _remaining;

    public SequenceStream(ReadOnlySequence<byte> sequence)
    {
        _remaining = sequence;
        _length = sequence.Length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _length - _remaining.Length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, _remaining.Length);
        _remaining.Slice(0, n).CopyTo(buffer);
        _remaining = _remaining.Slice(n);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
