using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Edge.Hosting;

/// <summary>
/// The <c>Main</c> that the server-side executables (<c>edge-registry</c>, <c>edge-gateway</c>) share: <c>--help</c>;
/// <c>--version</c> (the informational version, and whether this is the NativeAOT build, as <c>edge --version</c>);
/// settings read by <see cref="HostSettings"/> and validated, every fault printed and exit 2; a one-line console
/// logger at <c>Logging:LogLevel:Default</c>; the host created and started, then run until SIGTERM or Ctrl-C (exit 0,
/// also when the signal comes during the start). A failure the host expects is mapped to its own exit code by
/// <c>exitCodeOf</c>; anything else is logged at Critical and exits 1, so that systemd restarts the process.
/// Compiled into each host (a linked source file, not an assembly).
/// </summary>
internal static class HostProgram
{
    /// <param name="name">The executable's name, which prefixes every line printed to standard error.</param>
    /// <param name="help">The text of <c>--help</c>.</param>
    /// <param name="args">The command line.</param>
    /// <param name="load">Reads the settings (<c>--config FILE</c>, then the <c>--set</c> overrides), adding faults to the list.</param>
    /// <param name="validate">Every fault of loaded settings, each naming its key.</param>
    /// <param name="create">The host of these settings.</param>
    /// <param name="start">Starts the host (binds, connects); returns once it runs.</param>
    /// <param name="exitCodeOf">The exit code of a failure the host expects (after printing or logging it), else null.</param>
    /// <param name="critical">Logs an unexpected failure at Critical.</param>
    public static async Task<int> RunAsync<TOptions, THost>(string name, string help, string[] args,
        Func<string?, Dictionary<string, string?>, List<string>, (TOptions Options, IConfiguration Configuration)> load,
        Func<TOptions, IEnumerable<string>> validate,
        Func<TOptions, ILoggerFactory, THost> create,
        Func<THost, CancellationToken, Task> start,
        Func<Exception, TOptions, ILogger, int?> exitCodeOf,
        Action<ILogger, Exception> critical)
        where THost : IAsyncDisposable
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(help);
            return 0;
        }

        if (args.Contains("--version"))
        {
            var assembly = typeof(THost).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "unknown";
            Console.WriteLine(name + " " + version + (RuntimeFeature.IsDynamicCodeSupported ? " (JIT)" : " (NativeAOT)"));
            return 0;
        }

        var errors = new List<string>();
        var (configFile, overrides) = HostSettings.ParseArguments(args, errors);
        var (options, configuration) = load(configFile, overrides, errors);
        errors.AddRange(validate(options));
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine(name + ": " + error);
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
        var logger = loggerFactory.CreateLogger(typeof(THost).Namespace ?? name);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        try
        {
            await using var host = create(options, loggerFactory);
            await start(host, stop.Token);
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
#pragma warning disable CA1031 // the last resort: logged at Critical, exit 1 so systemd restarts it
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (exitCodeOf(e, options, logger) is { } code)
            {
                return code;
            }

            critical(logger, e);
            return 1;
        }
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
