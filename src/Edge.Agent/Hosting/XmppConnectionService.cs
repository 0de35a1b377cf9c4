using Edge.Agent.Provisioning;
using Edge.Xmpp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Hosting;

/// <summary>
/// Owns the XMPP connection's life: completes first boot when the agent makes its own account (<see cref="FirstBoot"/>),
/// connects with backoff while the server is unreachable, and stops the host (exit code 3, so systemd's restart policy
/// and the operator see it) when retrying cannot help: bad credentials, TLS, an account the server refuses.
/// </summary>
public sealed class XmppConnectionService(XmppClient client, IHostApplicationLifetime lifetime, ILogger<XmppConnectionService> logger,
    TimeProvider? time = null, FirstBoot? firstBoot = null)
    : BackgroundService
{
    public const int FatalExitCode = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        client.Connected += (_, e) => Log.XmppUp(logger, e.BoundJid.ToString());
        client.Disconnected += (_, e) =>
        {
            if (!e.WillReconnect && !stoppingToken.IsCancellationRequested)
            {
                Fatal(e.Cause);
            }
        };
        try
        {
            if (firstBoot is { IsRegistered: false })
            {
                if (!await firstBoot.CompleteAsync(client, logger, time ?? TimeProvider.System, stoppingToken).ConfigureAwait(false))
                {
                    Stop(); // FirstBoot logged why
                }

                return;
            }

            await client.StartAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (XmppException e)
        {
            Fatal(e);
        }
    }

    private void Fatal(Exception cause)
    {
        Log.FatalConnection(logger, cause.Message);
        Stop();
    }

    private void Stop()
    {
        Environment.ExitCode = FatalExitCode;
        lifetime.StopApplication();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await client.DisposeAsync().ConfigureAwait(false);
    }
}
