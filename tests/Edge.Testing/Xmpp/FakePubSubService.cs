using System.Collections.Concurrent;
using System.Xml.Linq;

namespace Edge.Testing.Xmpp;

/// <summary>
/// A fake XEP-0060 service answering on <see cref="FakeXmppServer"/> connections (one or many, one after the other):
/// every create, configure and disco is accepted (no features: plain publishes); every publish is recorded and, unless
/// held or refused, stored under its node and item id and answered. The items survive the connections, as a server's do.
/// </summary>
public sealed class FakePubSubService(string service = "pubsub.example.com")
{
    private static readonly XNamespace PubSub = "http://jabber.org/protocol/pubsub";
    private readonly ConcurrentQueue<(FakeXmppServer Server, XElement Iq)> _held = new();

    /// <summary>Every publish received, in order (resends included).</summary>
    public ConcurrentQueue<(string Node, string ItemId)> Received { get; } = new();

    /// <summary>The items stored: node and item id (a publish with an existing id replaces it).</summary>
    public ConcurrentDictionary<(string Node, string ItemId), XElement?> Items { get; } = new();

    /// <summary>An error element (inner XML of the IQ error) for a publish to refuse, or null to accept it.</summary>
    public Func<string, string, string?> Refuse { get; set; } = (_, _) => null;

    /// <summary>While true, publishes are recorded but not answered until <see cref="ReleaseAsync"/>.</summary>
    public bool Hold { get; set; }

    /// <summary>
    /// Serves one connection until the client closes its stream (answered with the server's own end). After
    /// <paramref name="hostileAfter"/> publishes on this connection it sends <paramref name="hostile"/> instead of the
    /// next answer, and then only waits for the client to close.
    /// </summary>
    public async Task ServeAsync(FakeXmppServer server, CancellationToken ct, int hostileAfter = int.MaxValue, string? hostile = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var publishes = 0;
        while (true)
        {
            var frame = await server.ReadFrameAsync(ct);
            if (frame.Kind != FakeFrameKind.Element)
            {
                if (frame.Kind == FakeFrameKind.StreamEnd)
                {
                    await server.SendAsync("</stream:stream>", ct);
                }

                return;
            }

            var iq = frame.Element!;
            if (iq.Name.LocalName != "iq")
            {
                continue; // presence, a stream error from the client: nothing to answer
            }

            var publish = iq.Element(PubSub + "pubsub")?.Element(PubSub + "publish");
            if (publish is null)
            {
                await AnswerAsync(server, iq, null, ct);
                continue;
            }

            if (hostile is not null && publishes++ >= hostileAfter)
            {
                await server.SendAsync(hostile, ct);
                hostile = null;
                hostileAfter = int.MaxValue;
                continue;
            }

            var node = (string)publish.Attribute("node")!;
            var item = publish.Element(PubSub + "item")!;
            var id = (string)item.Attribute("id")!;
            Received.Enqueue((node, id));
            if (Hold)
            {
                _held.Enqueue((server, iq));
                continue;
            }

            var error = Refuse(node, id);
            if (error is null)
            {
                Items[(node, id)] = item.Elements().FirstOrDefault();
            }

            await AnswerAsync(server, iq, error, ct);
        }
    }

    /// <summary>Stops holding and answers (and stores) every held publish.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        Hold = false;
        while (_held.TryDequeue(out var held))
        {
            var publish = held.Iq.Element(PubSub + "pubsub")!.Element(PubSub + "publish")!;
            var item = publish.Element(PubSub + "item")!;
            Items[((string)publish.Attribute("node")!, (string)item.Attribute("id")!)] = item.Elements().FirstOrDefault();
            await AnswerAsync(held.Server, held.Iq, null, ct);
        }
    }

    private Task AnswerAsync(FakeXmppServer server, XElement iq, string? error, CancellationToken ct) => server.SendAsync(error is null
        ? $"<iq type='result' id='{(string?)iq.Attribute("id")}' from='{service}'/>"
        : $"<iq type='error' id='{(string?)iq.Attribute("id")}' from='{service}'>{error}</iq>", ct);
}
