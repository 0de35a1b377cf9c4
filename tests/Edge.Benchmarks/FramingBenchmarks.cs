using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Xmpp.Internal;

namespace Edge.Benchmarks;

/// <summary>
/// Stanza framing throughput on a recorded stream: a stream header and 1,000 sensor-data messages (~600 bytes each),
/// delivered in 4 KiB reads as a socket would. MB/s = <see cref="StreamBytes"/> / mean time.
/// </summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private byte[] _stream = [];

    public static int StreamBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var s = new StringBuilder("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='x' from='example.org' version='1.0'>");
        for (var i = 0; i < 1000; i++)
        {
            s.Append("<message from='pubsub.example.org' to='backend@example.org/b' id='m").Append(i).Append("'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='edge/meter/grid'><item id='20261123T090005.123Z'>")
             .Append("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='0' done='true'><node nodeId='grid'><timestamp value='2026-11-23T09:00:05.123Z'>")
             .Append("<numeric name='L1 voltage' value='231.5' unit='V' momentary='true' automaticReadout='true'/>")
             .Append("<numeric name='L1 current' value='8.75' unit='A' momentary='true' automaticReadout='true'/>")
             .Append("<numeric name='Total power' value='2022.3' unit='W' momentary='true' automaticReadout='true'/>")
             .Append("</timestamp></node></fields></item></items></event></message>\n");
        }

        _stream = Encoding.UTF8.GetBytes(s.ToString());
        StreamBytes = _stream.Length;
    }

    [Benchmark]
    public int FrameRecordedStream()
    {
        var framer = new StreamFramer(256 * 1024);
        var pending = ReadOnlySequence<byte>.Empty;
        var frames = 0;
        var buffer = new ArrayBufferWriter<byte>();
        for (var offset = 0; offset < _stream.Length; offset += 4096)
        {
            // Keep what the framer left, append the next read (as a PipeReader would present it).
            var chunk = _stream.AsSpan(offset, Math.Min(4096, _stream.Length - offset));
            var combined = new byte[pending.Length + chunk.Length];
            pending.CopyTo(combined);
            chunk.CopyTo(combined.AsSpan((int)pending.Length));
            var sequence = new ReadOnlySequence<byte>(combined);
            while (framer.TryReadFrame(ref sequence, out _, out _))
            {
                frames++;
            }

            pending = sequence;
        }

        buffer.Clear();
        return frames;
    }
}
