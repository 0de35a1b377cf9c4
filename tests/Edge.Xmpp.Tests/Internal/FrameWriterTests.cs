using System.Buffers;
using System.Globalization;
using System.Xml.Linq;
using Edge.Xmpp.Internal;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Xmpp.Tests.Internal;

/// <summary>
/// Every write the connection hands its stream (over TLS: one record each) holds whole stanzas. A record cut inside a
/// stanza is what broke XEP-0198 resumption on Prosody 0.12: it keeps parsing a resumed stream with the old
/// connection's parser, so a half stanza left there by the last decrypted record makes the resumed stream
/// not-well-formed (see <see cref="FrameWriter"/>).
/// </summary>
[TestClass]
public sealed class FrameWriterTests
{
    private static readonly XNamespace Client = "jabber:client";
    private static readonly XNamespace SensorData = "urn:xmpp:iot:sensordata";

    [TestMethod]
    [Timeout(10_000)]
    public async Task Flush_BacklogOfStanzas_EachStreamWriteEndsBetweenStanzasAndFitsOneRecord()
    {
        // A replayed backlog: 400 publishes of different sizes (non-ASCII text included), about 600 KB in one flush.
        var stanzas = Enumerable.Range(0, 400).Select(Publish).ToList();
        var (writes, ends, expected) = await FlushAsync(stanzas);

        CollectionAssert.AreEqual(expected, writes.SelectMany(w => w).ToArray(), "the bytes on the wire are the stanzas, in order");
        Assert.IsTrue(writes.Count > 1, "a flush this large goes out in more than one record");
        var offset = 0;
        foreach (var write in writes)
        {
            offset += write.Length;
            Assert.IsTrue(write.Length <= FrameWriter.MaxWriteBytes, $"a write of {write.Length} bytes is larger than one record");
            Assert.IsTrue(ends.Contains(offset), $"a write ends at byte {offset}, inside a stanza");
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Flush_StanzaLargerThanARecord_GoesAloneAndTheOthersStayWhole()
    {
        var big = new XElement(Client + "message", new XElement(Client + "body", new string('x', 40_000)));
        var (writes, _, _) = await FlushAsync([Publish(1), big, Publish(2)]);

        var sizes = new[] { Publish(1), big, Publish(2) }.Select(s => Serialised(s).Length).ToArray();
        CollectionAssert.AreEqual(sizes, writes.Select(w => w.Length).ToArray(), "small, the large one alone, small");
    }

    private static async Task<(List<byte[]> Writes, HashSet<int> Ends, byte[] Expected)> FlushAsync(IReadOnlyList<XElement> stanzas)
    {
        var recorder = new RecordingStream();
        var transport = new StreamTransport(recorder);
        await using var connection = new XmppConnection(transport, 1 << 20, NullLogger.Instance);
        var ends = new HashSet<int>();
        var expected = new List<byte>();
        foreach (var stanza in stanzas)
        {
            connection.Write(stanza);
            expected.AddRange(Serialised(stanza));
            ends.Add(expected.Count);
        }

        Assert.AreEqual(expected.Count, connection.BufferedBytes);
        await connection.FlushAsync(CancellationToken.None);
        Assert.AreEqual(0, connection.BufferedBytes, "nothing stays buffered after a flush");
        return (recorder.Writes, ends, [.. expected]);
    }

    private static XElement Publish(int i)
    {
        var fields = new XElement(SensorData + "fields", new XAttribute("seqnr", i));
        for (var f = 0; f < 1 + (i * 7 % 23); f++)
        {
            fields.Add(new XElement(SensorData + "numeric", new XAttribute("name", "Temperature " + f),
                new XAttribute("value", (20 + (f / 10.0)).ToString(CultureInfo.InvariantCulture)), new XAttribute("unit", "°C")));
        }

        return new XElement(Client + "iq", new XAttribute("type", "set"), new XAttribute("id", "e" + i), new XAttribute("to", "pubsub.localhost"),
            new XElement(XName.Get("pubsub", "http://jabber.org/protocol/pubsub"), fields));
    }

    private static byte[] Serialised(XElement stanza)
    {
        var buffer = new ArrayBufferWriter<byte>();
        StanzaWriter.Write(stanza, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A write-only stream that keeps each write apart (what SslStream would turn into one record each).</summary>
    private sealed class RecordingStream : Stream
    {
        public List<byte[]> Writes { get; } = [];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Writes.Add(buffer.AsSpan(offset, count).ToArray());

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.ToArray());
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }
    }
}
