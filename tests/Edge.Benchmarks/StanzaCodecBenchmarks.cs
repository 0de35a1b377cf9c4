using System.Buffers;
using System.Text;
using System.Xml.Linq;
using BenchmarkDotNet.Attributes;
using Edge.Xmpp.Internal;

namespace Edge.Benchmarks;

/// <summary>
/// The two ends of the stanza path per published reading, without a socket: an outgoing pubsub publish of a
/// four-field XEP-0323 reading becoming bytes (<see cref="StanzaWriter"/>), and the server's IQ result coming back
/// being framed and parsed (<see cref="StreamFramer"/>). CPU and allocations per stanza (MemoryDiagnoser).
/// </summary>
[MemoryDiagnoser]
public class StanzaCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private StreamFramer _framer = new(64 * 1024);
    private XElement _publish = new("x");
    private byte[] _result = [];
    private byte[] _event = [];
    private byte[] _header = [];

    [GlobalSetup]
    public void Setup()
    {
        XNamespace client = "jabber:client", pubsub = "http://jabber.org/protocol/pubsub", iot = "urn:xmpp:iot:sensordata";
        var timestamp = new XElement(iot + "timestamp", new XAttribute("value", "2026-11-23T09:00:05.123Z"));
        foreach (var (name, value, unit) in new[] { ("Voltage", "231.5", "V"), ("Current", "8.75", "A"), ("Power", "2022.3", "W"), ("Energy", "1234.508", "kWh") })
        {
            timestamp.Add(new XElement(iot + "numeric", new XAttribute("name", name), new XAttribute("value", value), new XAttribute("unit", unit),
                new XAttribute("momentary", "true"), new XAttribute("automaticReadout", "true")));
        }

        _publish = new XElement(client + "iq", new XAttribute("type", "set"), new XAttribute("id", "e1234"), new XAttribute("to", "pubsub.localhost"),
            new XElement(pubsub + "pubsub", new XElement(pubsub + "publish", new XAttribute("node", "edge/meter/grid"),
                new XElement(pubsub + "item", new XAttribute("id", "20261123T090005.123Z"),
                    new XElement(iot + "fields", new XAttribute("seqnr", "0"), new XAttribute("done", "true"),
                        new XElement(iot + "node", new XAttribute("nodeId", "grid"), timestamp))))));
        _result = Encoding.UTF8.GetBytes("<iq type='result' id='e1234' from='pubsub.localhost' to='agent@localhost/edge'><pubsub xmlns='http://jabber.org/protocol/pubsub'>" +
            "<publish node='edge/meter/grid'><item id='20261123T090005.123Z'/></publish></pubsub></iq>");
        // A reading another device published, as a subscriber receives it: xml:lang and a prefixed extension (what the
        // reader-free path of old left to an XmlTextReader), a character reference.
        _event = Encoding.UTF8.GetBytes("<message from='pubsub.localhost' to='agent@localhost/edge' id='m1' xml:lang='en'><event xmlns='http://jabber.org/protocol/pubsub#event'>" +
            "<items node='edge/meter/grid'><item id='20261123T090005.123Z' publisher='meter@localhost'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='0' done='true'>" +
            "<node nodeId='grid'><timestamp value='2026-11-23T09:00:05.123Z'><numeric name='Voltage' value='231.5' unit='V' momentary='true'/>" +
            "<numeric name='Temperature' value='21.5' unit='&#176;C' momentary='true'/></timestamp></node></fields></item></items></event>" +
            "<x:delay xmlns:x='urn:xmpp:delay' x:stamp='2026-11-23T09:00:05Z'/></message>");
        _header = Encoding.UTF8.GetBytes("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='x' from='localhost' version='1.0' xml:lang='en'>");
        _framer = new StreamFramer(64 * 1024);
        var header = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='x' from='localhost' version='1.0'>"));
        _framer.TryReadFrame(ref header, out _, out _);
    }

    [Benchmark]
    public int WritePublish()
    {
        _output.ResetWrittenCount();
        StanzaWriter.Write(_publish, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public XElement? ReadPublishResult()
    {
        var sequence = new ReadOnlySequence<byte>(_result);
        _framer.TryReadFrame(ref sequence, out _, out var element);
        return element;
    }

    [Benchmark]
    public XElement? ReadEventWithPrefixes()
    {
        var sequence = new ReadOnlySequence<byte>(_event);
        _framer.TryReadFrame(ref sequence, out _, out var element);
        return element;
    }

    [Benchmark]
    public XElement? ReadStreamHeader()
    {
        var framer = new StreamFramer(64 * 1024);
        var sequence = new ReadOnlySequence<byte>(_header);
        framer.TryReadFrame(ref sequence, out _, out var element);
        return element;
    }
}
