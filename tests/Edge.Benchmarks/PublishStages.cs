using System.Buffers;
using System.Text;
using Edge.Iot.SensorData;
using Edge.Xmpp;
using Edge.Xmpp.Internal;
using Edge.Xmpp.PubSub;

namespace Edge.Benchmarks;

/// <summary>
/// <c>dotnet Edge.Benchmarks.dll publish-stages [--count N]</c>: where the allocations of one publish go, stage by
/// stage and without a socket (managed bytes allocated on this thread per call, averaged over N calls after a
/// warm-up): the XEP-0323 payload, the publish IQ around it, its serialisation into a buffer, the server's IQ result
/// framed and parsed, and the IQ tracker's round (register, complete). What <c>publish</c> measures beyond their sum is
/// the connection's own (pipes, TLS, tasks, the writer's queue). Figures, not assertions.
/// </summary>
public static class PublishStages
{
    public static int Run(string[] args)
    {
        var count = args.Length > 2 && args[1] == "--count" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var reading = PublishLoad.GridReading(new DateTimeOffset(2026, 11, 23, 9, 0, 5, 123, TimeSpan.Zero));
        var client = new XmppClient(new XmppClientOptions { Jid = "agent@localhost", Password = "x", Host = "127.0.0.1" });
        var pubsub = new PubSubClient(client);
        var service = Jid.Parse("pubsub.localhost");
        var payload = FieldsElement.Create(reading, 0);
        var iq = pubsub.CreatePublish(service, "edge/agent/grid", "20261123T090005.123Z", payload, null);
        var output = new ArrayBufferWriter<byte>(4096);
        IStreamCodec codec = new XmlStreamCodec(64 * 1024);
        var framer = new StreamFramer(64 * 1024);
        var header = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='x' from='localhost' version='1.0'>"));
        framer.TryReadFrame(ref header, out _, out _);
        var result = Encoding.UTF8.GetBytes("<iq type='result' id='e1234' from='pubsub.localhost' to='agent@localhost/edge'>"
            + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='edge/agent/grid'><item id='20261123T090005.123Z'/></publish></pubsub></iq>");
        var emptyResult = Encoding.UTF8.GetBytes("<iq type='result' id='e1234' from='pubsub.localhost' to='agent@localhost/edge'/>");
        using var tracker = new IqTracker();
        var self = Jid.Parse("agent@localhost/edge");

        Console.WriteLine($"allocations per call, {count} calls (B):");
        Stage("XEP-0323 payload (FieldsElement.Create)", count, () => FieldsElement.Create(reading, 0));
        Stage("publish IQ around it (PubSubClient.CreatePublish)", count, () => pubsub.CreatePublish(service, "edge/agent/grid", "20261123T090005.123Z", payload, null));
        Stage("serialised into a buffer (StanzaWriter)", count, () =>
        {
            output.ResetWrittenCount();
            StanzaWriter.Write(iq, output);
        });
        Stage("publish IQ written straight into the buffer (FieldsPayload)", count, () =>
        {
            output.ResetWrittenCount();
            var direct = pubsub.CreatePublish(service, "edge/agent/grid", "20261123T090005.123Z", new FieldsPayload(reading, 0), null);
            codec.Write(direct, output);
        });
        Stage("IQ result with the item framed and parsed", count, () =>
        {
            var sequence = new ReadOnlySequence<byte>(result);
            framer.TryReadFrame(ref sequence, out _, out _);
        });
        Stage("empty IQ result framed and parsed", count, () =>
        {
            var sequence = new ReadOnlySequence<byte>(emptyResult);
            framer.TryReadFrame(ref sequence, out _, out _);
        });
        var resultSequence = new ReadOnlySequence<byte>(result);
        framer.TryReadFrame(ref resultSequence, out _, out var parsed);
        Stage("IQ tracker: register, complete", count, () =>
        {
            tracker.Register("e1234", service, null, TimeSpan.FromSeconds(30), static (_, _) => { });
            tracker.TryComplete(parsed!, self);
        });
        return 0;
    }

    private static void Stage(string name, int count, Action action)
    {
        for (var i = 0; i < 1000; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            action();
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
        Console.WriteLine($"  {name,-55} {bytes,8:F0}");
    }
}
