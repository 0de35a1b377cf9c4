using System.Runtime.InteropServices;
using Edge.Xmpp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Edge.Registry;

/// <summary>The <c>edge-registry</c> executable: the XEP-0347 thing registry as an XEP-0114 component.</summary>
internal static class Program
{
    private const string Help = """
        edge-registry [--config FILE] [--set Key=Value ...]

          Runs the thing registry (XEP-0347) as an external component (XEP-0114) of a Prosody or ejabberd server.
          Configuration: registry.json beside the executable, then --config FILE, then environment variables
          (Registry__Component__Secret=...), then --set Key=Value (e.g. --set Registry:Component:Port=5347).
          Exit codes: 0 stopped (SIGTERM, Ctrl-C); 2 invalid configuration (every bad key listed);
          3 the server refused the component (secret, name); 1 a fatal error (logged at Critical).

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
        var (options, configuration) = RegistryConfiguration.Load(AppContext.BaseDirectory, configFile, overrides, errors);
        errors.AddRange(options.Validate());
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine("edge-registry: " + error);
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
        var logger = loggerFactory.CreateLogger("Edge.Registry");
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        try
        {
            await using var host = new RegistryHost(options, loggerFactory);
            await host.StartAsync(stop.Token);
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (XmppConnectionException e) when (!XmppClient.IsTransient(e))
        {
            Log.Refused(logger, e.Message);
            return 3;
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
