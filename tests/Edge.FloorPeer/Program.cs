// The platform's floor for issue 12's figures: the least a .NET NativeAOT XMPP publisher can be, to set beside the
// agent and slixmpp in the steady benchmark (Edge.Benchmarks steady --floor PATH, .ci/bench --only-steady).
//
// It does what replay_peer.py --paced does and nothing else: TCP, STARTTLS (RFC 6120 §5) with the server's CA as the
// only trust root, SASL PLAIN (§6), resource binding (§7), then each sampling time's items published at the start of
// its second (XEP-0060 §7.1.5, with the agent's publish-options) and every result awaited. No XML parser, no stanza
// objects, no outbox, no sensors, no logging, one thread: strings in, a substring count out. Whatever this costs in
// binary size, resident memory and CPU per published item, no .NET agent on OpenSSL can cost less.
//
//   edge-floor-peer --items FILE --jid JID --password P --host H --port N --ca FILE --service JID --max-items N
//                   [--warmup-ticks N] [--smaps FILE]
// prints one JSON line: {"published", "errors", "first_error", "seconds", "cpu", "peak_rss_kib", "rss_kib"}; published
// and cpu count the ticks after the warm-up, like replay_peer.py (cpu without reading the items file).
using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

string Arg(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
}

var jid = Arg("jid");
var domain = jid[(jid.IndexOf('@', StringComparison.Ordinal) + 1)..];
var service = Arg("service");
var warmupTicks = int.Parse(Arg("warmup-ticks", "10"), CultureInfo.InvariantCulture);
var options = PublishOptions(Arg("max-items"));

// Ticks: the items sharing an id (the sampling time), in file order, read a tick at a time (nothing is held but the
// tick being published: the floor's memory is the client's, not the benchmark's data).
using var items = File.ReadLines(Arg("items")).Select(line =>
{
    using var item = JsonDocument.Parse(line);
    return (Node: item.RootElement.GetProperty("node").GetString()!, Id: item.RootElement.GetProperty("id").GetString()!,
        Payload: item.RootElement.GetProperty("payload").GetString()!);
}).GetEnumerator();
var more = items.MoveNext();

using var tcp = new TcpClient();
tcp.Connect(Arg("host"), int.Parse(Arg("port"), CultureInfo.InvariantCulture));
Stream stream = tcp.GetStream();
var inbox = new StringBuilder(); // the login's text, up to the marker awaited
var answers = new byte[16384];   // the session's bytes once logged in: IQ answers, a start tag split over reads kept at the front
var kept = 0;

// RFC 6120 §5.4: STARTTLS, then the TLS handshake with the test CA as the only root (as the agent's Xmpp:Tls:CaFile).
Send(StreamHeader());
ReadUntil("</stream:features>");
Send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
ReadUntil("<proceed");
var trust = new X509Certificate2Collection();
trust.ImportFromPemFile(Arg("ca"));
var tls = new SslStream(stream);
tls.AuthenticateAsClient(new SslClientAuthenticationOptions
{
    TargetHost = domain,
    CertificateChainPolicy = new X509ChainPolicy
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        CustomTrustStore = { trust[0] },
        RevocationMode = X509RevocationMode.NoCheck, // as the agent's (src/Edge.Xmpp/Transport/CertificateValidator.cs)
        DisableCertificateDownloads = true,
    },
});
stream = tls;

// §6: SASL PLAIN over the TLS stream; §7: bind a resource.
Send(StreamHeader());
ReadUntil("</stream:features>");
var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{jid[..jid.IndexOf('@', StringComparison.Ordinal)]}\0{Arg("password")}"));
Send($"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{credentials}</auth>");
if (ReadUntil("<success", "<failure").Contains("<failure", StringComparison.Ordinal))
{
    throw new InvalidOperationException("authentication failed");
}

Send(StreamHeader());
ReadUntil("</stream:features>");
Send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
ReadUntil("</iq>");

// Paced: tick i leaves at start + i seconds, its items in one write, and every answer is read before the next tick.
var (published, errors, firstError) = (0, 0, (string?)null);
var (next, start) = (0, Stopwatch.GetTimestamp());
TimeSpan cpu0 = default;
long counted0 = 0;
var ticks = 0;
var batch = new StringBuilder();
var tick = new List<(string Node, string Id, string Payload)>();
var reading = TimeSpan.Zero; // CPU spent reading the items file inside the measured stretch: not the client's, taken off
for (; more; ticks++)
{
    // The tick's items, read before its second: reading the benchmark's file is not publishing (slixmpp's peer reads
    // all of them before it starts), so its CPU is measured and taken off.
    var read0 = Environment.CpuUsage.TotalTime;
    tick.Clear();
    for (var id = items.Current.Id; more && items.Current.Id == id; more = items.MoveNext())
    {
        tick.Add(items.Current);
    }

    if (ticks > warmupTicks)
    {
        reading += Environment.CpuUsage.TotalTime - read0;
    }

    var due = start + (ticks * Stopwatch.Frequency);
    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
    if (wait > TimeSpan.Zero)
    {
        Thread.Sleep(wait);
    }

    if (ticks == warmupTicks)
    {
        (cpu0, counted0) = (Environment.CpuUsage.TotalTime, Stopwatch.GetTimestamp());
    }

    batch.Clear();
    foreach (var (node, id, payload) in tick)
    {
        batch.Append(CultureInfo.InvariantCulture, $"<iq type='set' id='p{next++}' to='{Escape(service)}'><pubsub xmlns='http://jabber.org/protocol/pubsub'>")
            .Append(CultureInfo.InvariantCulture, $"<publish node='{Escape(node)}'><item id='{Escape(id)}'>{payload}</item></publish>{options}</pubsub></iq>");
    }

    Send(batch.ToString());
    var (results, failures, error) = AwaitAnswers(tick.Count);
    if (ticks >= warmupTicks)
    {
        (published, errors, firstError) = (published + results, errors + failures, firstError ?? error);
    }
}

var seconds = ticks > warmupTicks ? Stopwatch.GetElapsedTime(counted0).TotalSeconds : 0;
var cpu = ticks > warmupTicks ? (Environment.CpuUsage.TotalTime - cpu0 - reading).TotalSeconds : 0;
Send("</stream:stream>");
if (Arg("smaps", "").Length > 0)
{
    File.Copy("/proc/self/smaps", Arg("smaps", ""), overwrite: true); // for Edge.Benchmarks smaps FILE, beside the agent's
}

using (var json = new Utf8JsonWriter(Console.OpenStandardOutput()))
{
    json.WriteStartObject();
    json.WriteNumber("published", published);
    json.WriteNumber("errors", errors);
    json.WriteString("first_error", firstError);
    json.WriteNumber("seconds", seconds);
    json.WriteNumber("cpu", cpu);
    json.WriteNumber("peak_rss_kib", Status("VmHWM"));
    json.WriteNumber("rss_kib", Status("VmRSS"));
    json.WriteEndObject();
}

Console.WriteLine();
return 0;

string StreamHeader() => $"<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

void Send(string text)
{
    stream.Write(Encoding.UTF8.GetBytes(text));
    stream.Flush();
}

// Reads until one of the markers has arrived; returns (and drops) what was read up to the end of that read.
string ReadUntil(params string[] markers)
{
    var buffer = new byte[16384];
    while (!markers.Any(m => inbox.ToString().Contains(m, StringComparison.Ordinal)))
    {
        var n = stream.Read(buffer);
        if (n == 0)
        {
            throw new IOException($"the server closed the stream: {inbox}");
        }

        inbox.Append(Encoding.UTF8.GetString(buffer, 0, n));
    }

    var text = inbox.ToString();
    inbox.Clear();
    return text;
}

// Reads until `count` IQ answers (result or error) have arrived, on the bytes as read. Each answer is one <iq ...> start
// tag; the server sends this session nothing else. A tag split over two reads (from its '<') is kept for the next one.
(int Results, int Errors, string? FirstError) AwaitAnswers(int count)
{
    var (results, failures, error) = (0, 0, (string?)null);
    while (results + failures < count)
    {
        var n = stream.Read(answers.AsSpan(kept));
        if (n == 0)
        {
            throw new IOException("the server closed the stream while publishes were in flight");
        }

        var text = answers.AsSpan(0, kept + n);
        var at = 0;
        for (int found; (found = text[at..].IndexOf("<iq "u8)) >= 0;)
        {
            var end = text[(at + found)..].IndexOf((byte)'>');
            if (end < 0)
            {
                break;
            }

            var tag = text.Slice(at + found, end);
            if (tag.IndexOf("type='error'"u8) >= 0 || tag.IndexOf("type=\"error\""u8) >= 0)
            {
                failures++;
                error ??= Encoding.UTF8.GetString(text.Slice(at + found, Math.Min(300, text.Length - at - found)));
            }
            else
            {
                results++;
            }

            at += found + end;
        }

        var open = text.LastIndexOf((byte)'<');
        kept = open >= 0 && text[open..].IndexOf((byte)'>') < 0 ? text.Length - open : 0;
        text[^kept..].CopyTo(answers);
    }

    return (results, failures, error);
}

static string Escape(string value) => value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal)
    .Replace("<", "&lt;", StringComparison.Ordinal);

// XEP-0060 §7.1.5: the same publish-options replay_peer.py sends (persist, max_items, open access).
static string PublishOptions(string maxItems) =>
    "<publish-options><x xmlns='jabber:x:data' type='submit'>" +
    "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>" +
    "<field var='pubsub#persist_items'><value>true</value></field>" +
    $"<field var='pubsub#max_items'><value>{maxItems}</value></field>" +
    "<field var='pubsub#access_model'><value>open</value></field></x></publish-options>";

static long Status(string field) =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
