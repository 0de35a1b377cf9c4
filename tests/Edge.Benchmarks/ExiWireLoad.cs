using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Edge.Exi;
using Edge.Iot.SensorData;
using Edge.Testing.Iot;
using Edge.Testing.Xmpp;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.Internal;
using Edge.Xmpp.PubSub;

namespace Edge.Benchmarks;

/// <summary>
/// <c>dotnet Edge.Benchmarks.dll exi-wire [--count N]</c> (issue 13): bytes on the device link per published reading
/// and per readout answer, XML vs EXI (schema-less, schema-informed in each alignment, strict), counted on a real
/// loopback socket between an <see cref="XmppClient"/> and a fake server (<see cref="FakeXmppServer"/>, reading and
/// writing EXI with Edge.Exi alone); then the device's CPU per stanza for writing and reading XML and EXI (the
/// connection's codecs, in a loop). Plain TCP, stream management off (acks would add the same to every mode). Not
/// a test: figures, not assertions.
/// </summary>
public static class ExiWireLoad
{
    private const string ExiNs = "http://jabber.org/protocol/compress/exi";

    /// <summary>One row. <paramref name="ExiOnly"/>: XEP-0322 §2.4's EXI-only binding (then <paramref name="Setup"/>: full, quick, refused).</summary>
    private sealed record Mode(string Name, bool Exi, bool Schema, ExiAlignment Alignment, bool Strict, bool SessionWide = false, bool ExiOnly = false,
        string Setup = "full");

    /// <summary>Every mode; "+ session tables" is XEP-0322 sessionWideBuffers (the client's default).</summary>
    private static readonly Mode[] Modes =
    [
        new("XML", false, false, ExiAlignment.BitPacked, false),
        new("EXI schema-less bit-packed", true, false, ExiAlignment.BitPacked, false),
        new("EXI schema-less compression", true, false, ExiAlignment.Compression, false),
        new("EXI schema bit-packed", true, true, ExiAlignment.BitPacked, false),
        new("EXI schema byte-alignment", true, true, ExiAlignment.ByteAlignment, false),
        new("EXI schema pre-compression", true, true, ExiAlignment.PreCompression, false),
        new("EXI schema compression", true, true, ExiAlignment.Compression, false),
        new("EXI schema strict bit-packed", true, true, ExiAlignment.BitPacked, true),
        new("EXI schema strict compression", true, true, ExiAlignment.Compression, true),
        new("EXI schema-less bit-packed + session tables", true, false, ExiAlignment.BitPacked, false, true),
        new("EXI schema bit-packed + session tables", true, true, ExiAlignment.BitPacked, false, true),
        new("EXI schema compression + session tables", true, true, ExiAlignment.Compression, false, true),
        new("EXI schema strict bit-packed + session tables", true, true, ExiAlignment.BitPacked, true, true),
        new("EXI-only, default options (setup refused)", true, false, ExiAlignment.BitPacked, false, false, true, "refused"),
        new("EXI-only, schema bit-packed + session tables", true, true, ExiAlignment.BitPacked, false, true, true),
        new("EXI-only, the same by quick setup", true, true, ExiAlignment.BitPacked, false, true, true, "quick"),
    ];

    private const int Name = 45;

    /// <summary>Sampling cycles of the sim profile measured per mode (each publishes every sensor's reading).</summary>
    private const int SimCycles = 60;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 2 && args[1] == "--count" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        Console.WriteLine($"bytes per stanza on the wire (loopback TCP, averaged over {count}); client→server = the device's uplink");
        Console.WriteLine($"{"mode",-Name} {"publish 4 fields",17} {"publish 12",11} {"readout 50 ans.",16} {"readout 3 ans.",15} {"publish result ↓",17} {"login ↑↓",10}");
        var sim = await SimReadingsAsync();
        var xml = Array.Empty<double>();
        var simRows = new List<(string Name, double Up, double Down)>();
        foreach (var mode in Modes)
        {
            var row = await MeasureAsync(mode, count, sim);
            xml = mode.Exi ? xml : row;
            simRows.Add((mode.Name, row[6], row[7]));
            Console.WriteLine($"{mode.Name,-Name} {Cell(row[0], xml[0]),17} {Cell(row[1], xml[1]),11} {Cell(row[2], xml[2]),16} {Cell(row[3], xml[3]),15} {Cell(row[4], xml[4]),17} {row[5],10:F0}");
        }

        Console.WriteLine();
        var perHour = 3600 / 5;
        Console.WriteLine($"sim profile (hardware/profiles/sim.json: {sim[0].Count} sensors, {sim[0].Sum(r => r.Fields.Count)} fields) sampled every 5 s, every reading published:"
            + $" bytes per hour on the device link, from {SimCycles} measured cycles");
        Console.WriteLine($"{"mode",-Name} {"uplink/h",18} {"downlink/h",18} {"both/h",18}");
        foreach (var (name, up, down) in simRows)
        {
            Console.WriteLine($"{name,-Name} {Cell(up * perHour, simRows[0].Up * perHour),18} {Cell(down * perHour, simRows[0].Down * perHour),18} {Cell((up + down) * perHour, (simRows[0].Up + simRows[0].Down) * perHour),18}");
        }

        Console.WriteLine();
        Cpu();
        return 0;
    }

    private static string Cell(double bytes, double xml) => xml <= 0 || bytes == xml
        ? bytes.ToString("F0", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{bytes:F0} ({100 * bytes / xml:F0}%)");

    /// <summary>
    /// The sim profile's readings as the agent's sampler makes them (each sensor read at the sample's time), for
    /// <see cref="SimCycles"/> cycles 5 s apart: the publishes of the agent on the demo hardware.
    /// </summary>
    private static async Task<List<List<Reading>>> SimReadingsAsync()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "hardware", "profiles", "sim.json")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new FileNotFoundException("hardware/profiles/sim.json above " + AppContext.BaseDirectory);
        }

        var data = Path.Combine(Path.GetTempPath(), "edge-bench-sim-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var cycles = new List<List<Reading>>();
        await using (var set = Edge.Hardware.Profiles.HardwareFactory.Create(Edge.Hardware.Profiles.HardwareProfile.Load(Path.Combine(dir, "hardware", "profiles", "sim.json")),
            new Edge.Hardware.Profiles.HardwareFactoryOptions { DataDirectory = data }))
        {
            var t = DateTimeOffset.UtcNow;
            var sequence = 0L;
            for (var i = 0; i < SimCycles; i++)
            {
                var at = t.AddSeconds(i * 5);
                var cycle = new List<Reading>();
                foreach (var sensor in set.Sensors)
                {
                    var fields = await sensor.ReadAsync(at, CancellationToken.None);
                    if (fields.Count > 0)
                    {
                        cycle.Add(new Reading(sensor.Node, at, fields, ++sequence));
                    }
                }

                cycles.Add(cycle);
            }
        }

        Directory.Delete(data, recursive: true);
        return cycles;
    }

    /// <summary>One connection in <paramref name="mode"/>: login, then publishes and readouts, bytes counted per kind.</summary>
    private static async Task<double[]> MeasureAsync(Mode mode, int count, List<List<Reading>> sim)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var options = new XmppClientOptions
        {
            Jid = "user@example.com", Password = "pencil", Resource = "bench", Host = "127.0.0.1",
            Port = ((IPEndPoint)listener.LocalEndpoint).Port, PingInterval = TimeSpan.Zero, StreamManagement = false,
        };
        options.Tls.Required = false;
        options.Exi.Mode = mode.Exi ? XmppExiMode.Require : XmppExiMode.Off;
        options.Exi.Alignment = Edge.Xmpp.Exi.ExiParameters.AlignmentName(mode.Alignment);
        options.Exi.Strict = mode.Strict;
        options.Exi.SessionWideBuffers = mode.SessionWide;
        options.Exi.Binding = mode.ExiOnly ? Edge.Xmpp.XmppExiOptions.ExiOnlyBinding : Edge.Xmpp.XmppExiOptions.NegotiatedBinding;

        var t = DateTimeOffset.Parse("2026-12-06T09:00:00Z", CultureInfo.InvariantCulture);
        var meter = new ThingReference("grid-meter");
        var climate = new ThingReference("climate");
        var provider = new FakeThingProvider(new ThingNode(meter, "grid-meter"), new ThingNode(climate, "climate"));
        provider.SetFields(meter, [.. Enumerable.Range(0, 50).Select(i =>
            new Field("Register " + i.ToString(CultureInfo.InvariantCulture), new NumericValue(230.1 + i, "V", 1), t))]);
        provider.SetFields(climate, [new Field("Temperature", new NumericValue(21.4, "°C", 1), t),
            new Field("Humidity", new NumericValue(48.2, "%", 1), t), new Field("Pressure", new NumericValue(1013.2, "hPa", 1), t)]);

        await using var client = new XmppClient(options);
        if (mode.Setup == "quick")
        {
            // What a restarted agent reads from its data directory (XmppClient.KeepExiQuickSetupIn).
            client.ExiQuickSetup = new Edge.Xmpp.Exi.ExiQuickSetup("bench-1",
                new Edge.Xmpp.Exi.ExiParameters { SessionWideBuffers = true, ValueMaxLength = 64, ValuePartitionCapacity = 1024 }, Edge.Xmpp.Exi.ExiSchemaSet.BuiltIn.Ids);
        }

        await using var sensorData = SensorDataServer.Register(client, provider, new FakeAccessPolicy());
        var connect = client.ConnectAsync(CancellationToken.None);
        using var socket = await listener.AcceptTcpClientAsync();
        var counted = new CountingStream(socket.GetStream());
        await using var server = new FakeXmppServer(counted);
        await LoginAsync(server, mode);
        await connect;
        var login = counted.Total;

        var pubsub = new PubSubClient(client);
        var service = Jid.Parse("pubsub.example.com");
        var results = new double[8];
        results[5] = login;
        var small = new Reading(meter, t, [
            new Field("Voltage", new NumericValue(231.5, "V", 1), t), new Field("Current", new NumericValue(8.75, "A", 2), t),
            new Field("Power", new NumericValue(2022.3, "W", 1), t), new Field("Energy", new NumericValue(1234.508, "kWh", 3), t)], 1);
        var large = new Reading(meter, t, [.. new[] { "Voltage L1", "Voltage L2", "Voltage L3", "Current L1", "Current L2", "Current L3",
            "Power L1", "Power L2", "Power L3", "Total power", "Import active energy", "Frequency" }
            .Select((n, i) => new Field(n, new NumericValue(100 + (i * 13.7), i < 3 ? "V" : i < 6 ? "A" : i < 10 ? "W" : i == 10 ? "kWh" : "Hz", 1), t))], 1);
        var down = 0L;
        for (var kind = 0; kind < 2; kind++)
        {
            var reading = kind == 0 ? small : large;
            var up0 = counted.Received;
            var down0 = counted.Sent;
            for (var i = 0; i < count; i++)
            {
                var at = t.AddSeconds(i * 5);
                var publish = pubsub.PublishAsync(service, "edge/grid-meter", at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture),
                    FieldsElement.Create(new Reading(reading.Node, at, reading.Fields, i), 0), null, CancellationToken.None);
                var iq = await server.ReadElementAsync(CancellationToken.None);
                await SendAsync(server, mode, $"<iq xmlns='jabber:client' type='result' id='{(string?)iq.Attribute("id")}' from='pubsub.example.com' to='user@example.com/bench'/>");
                (await publish).EnsureSuccess("publish");
            }

            results[kind] = (counted.Received - up0) / (double)count;
            down = counted.Sent - down0;
        }

        results[4] = down / (double)count;

        // The sim profile's publishes, as the agent's publisher sends them (node per sensor, item id its time).
        var simUp = counted.Received;
        var simDown = counted.Sent;
        var device = Jid.Parse("user@example.com");
        foreach (var reading in sim.SelectMany(c => c))
        {
            var publish = pubsub.PublishAsync(service, Edge.Agent.Publishing.NodeNames.For(new Edge.Agent.PublishOptions(), device, reading.Node.NodeId),
                Edge.Agent.Publishing.NodeNames.ItemId(reading.Timestamp), FieldsElement.Create(reading, seqnr: 0), null, CancellationToken.None);
            var iq = await server.ReadElementAsync(CancellationToken.None);
            await SendAsync(server, mode, $"<iq xmlns='jabber:client' type='result' id='{(string?)iq.Attribute("id")}' from='pubsub.example.com' to='user@example.com/bench'/>");
            (await publish).EnsureSuccess("publish");
        }

        results[6] = (counted.Received - simUp) / (double)sim.Count;
        results[7] = (counted.Sent - simDown) / (double)sim.Count;
        for (var kind = 0; kind < 2; kind++)
        {
            var node = kind == 0 ? meter : climate;
            var up0 = counted.Received;
            for (var i = 0; i < count; i++)
            {
                var seq = (kind * count) + i + 1;
                await SendAsync(server, mode, $"<iq xmlns='jabber:client' type='get' id='q{seq}' from='backend@example.com/app' to='user@example.com/bench'>"
                    + $"<req xmlns='urn:xmpp:iot:sensordata' seqnr='{seq}' momentary='true'><node nodeId='{node.NodeId}'/></req></iq>");
                while (true)
                {
                    var answer = await server.ReadElementAsync(CancellationToken.None);
                    if (answer.Descendants().Any(e => e.Name.LocalName is "fields" or "failure" && (string?)e.Attribute("done") == "true"))
                    {
                        break;
                    }
                }
            }

            results[2 + kind] = (counted.Received - up0) / (double)count;
        }

        await server.AnswerCloseAsync(client.DisposeAsync().AsTask());
        return results;
    }

    private static Task SendAsync(FakeXmppServer server, Mode mode, string xml) =>
        mode.Exi ? server.SendExiAsync(xml, CancellationToken.None) : server.SendAsync(xml, CancellationToken.None);

    /// <summary>The server's side: SCRAM, then (EXI) setup agreed with the client's schemas or none, compress, the EXI stream; bind; presence.</summary>
    private static async Task LoginAsync(FakeXmppServer server, Mode mode)
    {
        var ct = CancellationToken.None;
        if (mode.ExiOnly)
        {
            await ExiOnlyLoginAsync(server, mode);
            return;
        }

        await server.OpenStreamAsync(ClientHarness.ScramSha1Only, ct);
        await server.AcceptScramAsync("user", "pencil", ct);
        await server.OpenStreamAsync(ClientHarness.Bind + (mode.Exi ? "<compression xmlns='http://jabber.org/features/compress'><method>exi</method></compression>" : string.Empty), ct);
        if (mode.Exi)
        {
            var setup = await server.ReadElementAsync(ct);
            var schemas = mode.Schema ? string.Concat(setup.Elements(XName.Get("schema", ExiNs)).Select(s => s.ToString(SaveOptions.DisableFormatting))) : string.Empty;
            var attributes = string.Concat(setup.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => $" {a.Name.LocalName}='{a.Value}'"));
            await server.SendAsync($"<setupResponse xmlns='{ExiNs}'{attributes} agreement='true'>{schemas}</setupResponse>", ct);
            await server.ReadElementAsync(ct); // <compress/>
            await server.SendAsync("<compressed xmlns='http://jabber.org/protocol/compress'/>", ct);
            server.StartExi(new ExiOptions
            {
                Schema = mode.Schema ? ExiSchema.Xmpp : null, Strict = mode.Strict && mode.Schema, Alignment = mode.Alignment,
                ValueMaxLength = Number(setup, "valueMaxLength"), ValuePartitionCapacity = Number(setup, "valuePartitionCapacity"),
            }, sessionWideBuffers: (string?)setup.Attribute("sessionWideBuffers") == "true");
            await server.OpenExiStreamAsync(ClientHarness.Bind, ct);
        }

        var bind = await server.ReadElementAsync(ct);
        await SendAsync(server, mode, $"<iq xmlns='jabber:client' type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>user@example.com/bench</jid></bind></iq>");
        await server.ReadElementAsync(ct); // initial presence
    }

    /// <summary>
    /// XEP-0322 §2.4 from the server's side: EXI from the first byte in the default options, SCRAM, the restart, then the
    /// client's setup in the stream (agreed with its schemas, or its quick form, or refused twice) and the restart in
    /// the agreed options.
    /// </summary>
    private static async Task ExiOnlyLoginAsync(FakeXmppServer server, Mode mode)
    {
        var ct = CancellationToken.None;
        server.StartExiOnlyBinding();
        await server.OpenExiStreamAsync(ClientHarness.ScramSha1Only, ct);
        await server.AcceptScramAsync("user", "pencil", ct);
        await server.OpenExiStreamAsync(ClientHarness.Bind, ct);
        var setup = await server.ReadElementAsync(ct);
        if (mode.Setup == "refused")
        {
            await server.SendAsync($"<setupResponse xmlns='{ExiNs}' version='1'/>", ct);
            await server.ReadElementAsync(ct); // the lowered proposal
            await server.SendAsync($"<setupResponse xmlns='{ExiNs}' version='1'/>", ct);
        }
        else
        {
            var schemas = string.Concat(setup.Elements(XName.Get("schema", ExiNs)).Select(s => s.ToString(SaveOptions.DisableFormatting)));
            var attributes = string.Concat(setup.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => $" {a.Name.LocalName}='{a.Value}'"));
            await server.SendAsync(mode.Setup == "quick"
                ? $"<setupResponse xmlns='{ExiNs}' agreement='true' configurationId='bench-1'/>"
                : $"<setupResponse xmlns='{ExiNs}'{attributes} agreement='true' configurationId='bench-1'>{schemas}</setupResponse>", ct);
            server.StartExi(new ExiOptions { Schema = ExiSchema.Xmpp, ValueMaxLength = 64, ValuePartitionCapacity = 1024 }, sessionWideBuffers: true, exiOnlyBinding: true);
            await server.OpenExiStreamAsync(ClientHarness.Bind, ct);
        }

        var bind = await server.ReadElementAsync(ct);
        await server.SendExiAsync($"<iq xmlns='jabber:client' type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>user@example.com/bench</jid></bind></iq>", ct);
        await server.ReadElementAsync(ct); // initial presence
    }

    private static int? Number(XElement setup, string attribute) =>
        setup.Attribute(attribute) is { } a ? int.Parse(a.Value, CultureInfo.InvariantCulture) : null;

    /// <summary>The device's CPU per stanza in the connection's codecs: writing a publish and a 50-field answer, reading an IQ result.</summary>
    private static void Cpu()
    {
        var t = DateTimeOffset.Parse("2026-12-06T09:00:00Z", CultureInfo.InvariantCulture);
        var reading = new Reading(new ThingReference("grid-meter"), t, [
            new Field("Voltage", new NumericValue(231.5, "V", 1), t), new Field("Current", new NumericValue(8.75, "A", 2), t),
            new Field("Power", new NumericValue(2022.3, "W", 1), t), new Field("Energy", new NumericValue(1234.508, "kWh", 3), t)], 1);
        var client = XNamespace.Get("jabber:client");
        var publish = new XElement(client + "iq", new XAttribute("type", "set"), new XAttribute("id", "e42"), new XAttribute("to", "pubsub.example.com"),
            new XElement(XNamespace.Get("http://jabber.org/protocol/pubsub") + "pubsub", new XElement(XNamespace.Get("http://jabber.org/protocol/pubsub") + "publish",
                new XAttribute("node", "edge/grid-meter"), new XElement(XNamespace.Get("http://jabber.org/protocol/pubsub") + "item", new XAttribute("id", "20261206T090000.000Z"),
                    FieldsElement.Create(reading, 0)))));
        var fields = new XElement(client + "message", new XAttribute("to", "backend@example.com/app"),
            FieldsElement.Create(new Reading(new ThingReference("grid-meter"), t, [.. Enumerable.Range(0, 50).Select(i =>
                new Field("Register " + i.ToString(CultureInfo.InvariantCulture), new NumericValue(230.1 + i, "V", 1), t))], 1), 1));
        var result = XElement.Parse("<iq xmlns='jabber:client' type='result' id='e42' from='pubsub.example.com' to='user@example.com/bench'/>");
        Console.WriteLine("device CPU per stanza (µs, this machine, one thread): write publish / write 50-field answer / read IQ result");
        Console.WriteLine($"{"codec",-Name} {"publish",9} {"answer 50",10} {"read result",12}");
        var header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s' from='example.com' version='1.0'>"u8.ToArray();
        var framer = new StreamFramer(256 * 1024);
        var headerSequence = new ReadOnlySequence<byte>(header);
        framer.TryReadFrame(ref headerSequence, out _, out _);
        var xmlResult = new ArrayBufferWriter<byte>();
        StanzaWriter.Write(result, xmlResult);
        Row("XML", e => StanzaWriter.Write(e, new ArrayBufferWriter<byte>(2048)), xmlResult.WrittenSpan.ToArray(), bytes =>
        {
            var sequence = new ReadOnlySequence<byte>(bytes);
            framer.TryReadFrame(ref sequence, out _, out _);
        });
        foreach (var mode in Modes.Where(m => m.Exi))
        {
            var parameters = new Edge.Xmpp.Exi.ExiParameters { Alignment = mode.Alignment, Strict = mode.Strict, SessionWideBuffers = mode.SessionWide, ValuePartitionCapacity = mode.SessionWide ? 1024 : null, ValueMaxLength = mode.SessionWide ? 64 : null };
            var codec = new Edge.Xmpp.Exi.ExiStreamCodec(parameters, mode.Schema ? ExiSchema.Xmpp : null, 256 * 1024);
            var body = new ArrayBufferWriter<byte>();
            codec.WriteElement(result, body);
            Row(mode.Name, e => codec.WriteElement(e, new ArrayBufferWriter<byte>(2048)), body.WrittenSpan.ToArray(), bytes =>
            {
                if (mode.SessionWide)
                {
                    codec.Reset(); // the one body written from fresh tables, read again from fresh tables (reset included)
                }

                var sequence = new ReadOnlySequence<byte>(bytes);
                codec.TryReadFrame(ref sequence, out _, out _);
            });
        }

        void Row(string name, Action<XElement> write, byte[] resultBytes, Action<byte[]> read) => Console.WriteLine(
            $"{name,-Name} {Time(() => write(publish)),9:F1} {Time(() => write(fields)),10:F1} {Time(() => read(resultBytes)),12:F1}");
    }

    /// <summary>Microseconds per call, after a warm-up (wall time on one thread: the codec does no I/O).</summary>
    private static double Time(Action action)
    {
        for (var i = 0; i < 500; i++)
        {
            action();
        }

        const int N = 5000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < N; i++)
        {
            action();
        }

        return watch.Elapsed.TotalMicroseconds / N;
    }

    /// <summary>Counts the bytes through the server's socket: received = the client's uplink, sent = its downlink.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Received { get; private set; }

        public long Sent { get; private set; }

        public long Total => Received + Sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Sent += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Sent += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            Received += read;
            return read;
        }
    }
}
