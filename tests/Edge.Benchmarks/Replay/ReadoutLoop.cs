using System.Globalization;
using Edge.Iot.SensorData;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Benchmarks.Replay;

/// <summary>
/// A backend reading out the running agent (<c>agent@localhost/edge</c>) every interval: momentary values of every
/// node (XEP-0323), one readout at a time, until stopped. Counts what came back, so the memory budget run says what
/// load it carried.
/// </summary>
internal sealed class ReadoutLoop : IAsyncDisposable
{
    private readonly XmppClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _done;
    private int _failed;
    private int _fields;

    private ReadoutLoop(XmppClient client) => _client = client;

    public static async Task<ReadoutLoop> StartAsync(ProsodyServer server, TimeSpan every)
    {
        var options = new XmppClientOptions
        {
            Jid = TestAccounts.BackendJid,
            Password = TestAccounts.BackendPassword,
            Resource = "bench-readout",
            Host = server.Host,
            Port = server.Port,
            PingInterval = TimeSpan.Zero,
        };
        options.Tls.CaFile = server.CaFile;
        var client = new XmppClient(options);
        await client.ConnectAsync(CancellationToken.None);
        var loop = new ReadoutLoop(client);
        loop._loop = loop.RunAsync(every, Jid.Parse(TestAccounts.AgentJid + "/edge"));
        return loop;
    }

    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return string.Create(CultureInfo.InvariantCulture, $"{_done} done ({_fields / Math.Max(1, _done)} fields each), {_failed} failed");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        await _client.DisposeAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan every, Jid agent)
    {
        var sensorData = new SensorDataClient(_client);
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    var result = await sensorData.ReadAsync(agent, new ReadoutRequest(sensorData.NextSeqNr(), ReadoutTypes.Momentary), null, _stop.Token);
                    if (result.Outcome == ReadoutOutcome.Done)
                    {
                        _done++;
                        _fields += result.Readings.Sum(r => r.Fields.Count);
                    }
                    else
                    {
                        _failed++;
                    }
                }
                catch (XmppException)
                {
                    _failed++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
