using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Iot.Tests.SensorData;

/// <summary>
/// Two clients of one account (user@example.com/meter-7, the device; user@example.com/backend, the requester), each
/// on its own fake server, with the stanzas one sends relayed to the other, stamped with the sender's full JID as
/// a server would. For client-against-server tests without a real server.
/// </summary>
internal sealed class RelayedPair : IAsyncDisposable
{
    public const string DeviceJid = "user@example.com/meter-7";
    public const string RequesterJid = "user@example.com/backend";

    private readonly CancellationTokenSource _stop = new();
    private Task _relays = Task.CompletedTask;

    public ClientHarness Device { get; } = new();

    public ClientHarness Requester { get; } = new(o => o.Resource = "backend");

    public async Task StartAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        Device.Time.SetUtcNow(now);
        Requester.Time.SetUtcNow(now);
        await Device.LoginAsync(cancellationToken);
        await Requester.LoginAsync(cancellationToken);
        _relays = Task.WhenAll(RelayAsync(Device, Requester, DeviceJid), RelayAsync(Requester, Device, RequesterJid));
    }

    /// <summary>Moves both fake clocks.</summary>
    public void Advance(TimeSpan by)
    {
        Device.Time.Advance(by);
        Requester.Time.Advance(by);
    }

    private async Task RelayAsync(ClientHarness from, ClientHarness to, string fromJid)
    {
        try
        {
            while (true)
            {
                var frame = await from.Server.ReadFrameAsync(_stop.Token);
                if (frame.Kind != FakeFrameKind.Element)
                {
                    return;
                }

                var stanza = frame.Element!;
                if (stanza.Name.LocalName is "iq" or "message")
                {
                    stanza.SetAttributeValue("from", fromJid);
                    await to.Server.SendAsync(stanza.ToString(SaveOptions.DisableFormatting), _stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _relays;
        await Device.DisposeAsync();
        await Requester.DisposeAsync();
        _stop.Dispose();
    }
}
