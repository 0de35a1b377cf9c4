using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway;

/// <summary>The <c>edge-gateway</c> executable: the EXI link gateway between devices and an unmodified XMPP server.</summary>
internal static class Program
{
    private const string Help = """
        edge-gateway [--config FILE] [--set Key=Value ...]

          Takes devices' XMPP streams (STARTTLS and direct TLS, the gateway's own certificate) and relays each to the
          configured Prosody or ejabberd over an ordinary TLS XML stream; SASL passes through to the server.
          Configuration: gateway.json beside the executable, then --config FILE, then environment variables
          (Gateway__Server__Domain=...), then --set Key=Value (e.g. --set Gateway:Listen:Port=5222).
          Exit codes: 0 stopped (SIGTERM, Ctrl-C); 2 invalid configuration (every bad key listed);
          4 a port cannot be bound; 1 a fatal error (logged at Critical).

          --config FILE      an extra JSON settings file
          --set KEY=VALUE    override one setting (repeatable)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        var errors = new List<string>();
        var (configFile, overrides) = Edge.Hosting.HostSettings.ParseArguments(args, errors);
        var (options, configuration) = GatewayConfiguration.Load(AppContext.BaseDirectory, configFile, overrides, errors);
        errors.AddRange(options.Validate());
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine("edge-gateway: " + error);
            }

            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(Enum.TryParse<LogLevel>(configuration["Logging:LogLevel:Default"], out var level) ? level : LogLevel.Information)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            }));
        var logger = loggerFactory.CreateLogger("Edge.Gateway");
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        try
        {
            await using var host = new GatewayHost(options, loggerFactory);
            await host.StartAsync(stop.Token);
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("edge-gateway: " + e.Message);
            return 2;
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"edge-gateway: cannot listen on {options.Listen.Address} ports {options.Listen.Port}/{options.Listen.DirectTlsPort}: {e.Message}");
            return 4;
        }
#pragma warning disable CA1031 // the last resort: logged at Critical, exit 1 so systemd restarts it
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.Failed(logger, e);
            return 1;
        }
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
