using Edge.Iot;
using Edge.Iot.Concentrator;
using Edge.Iot.Control;
using Edge.Iot.SensorData;
using Edge.Xmpp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Hosting;

/// <summary>
/// Puts the device on the wire for backends: registers the XEP-0323 sensor-data, XEP-0325 control and XEP-0326
/// concentrator handlers (each with its disco feature) on the XMPP client before the connection service logs in, so
/// the first disco#info and caps hash already list them — and only them.
/// </summary>
public sealed class IotService(XmppClient client, IThingProvider device, IAccessPolicy policy, TimeProvider time,
    ILoggerFactory loggers)
    : IHostedService
{
    private readonly List<IAsyncDisposable> _servers = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _servers.Add(SensorDataServer.Register(client, device, policy, null, time, loggers.CreateLogger("Edge.Iot.SensorData")));
        ControlServer.Register(client, device, policy, loggers.CreateLogger("Edge.Iot.Control"), time);

        // Every node of the agent's tree has fields: the root its status and settings, a relay its state, a sensor its values.
        ConcentratorServer.Register(client, device, policy, loggers.CreateLogger("Edge.Iot.Concentrator"), isReadable: _ => true);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (IAsyncDisposable server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _servers.Clear();
    }
}
