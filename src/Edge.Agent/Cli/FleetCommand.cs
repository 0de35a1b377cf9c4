using System.Runtime.InteropServices;
using Edge.Agent.Fleet;
using Edge.Agent.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge fleet</c>: many simulated devices in one process, each its own account, session and nodes, to try a server
/// and a backend against a fleet from one machine (<see cref="FleetRun"/>).
/// </summary>
public static class FleetCommand
{
    public const string Help = """
        edge fleet --count N [--register | --accounts FILE] [--prefix P] [--password PW] [options]

          Runs N simulated devices in one process: the simulated hardware profile's sensors (Agent:HardwareProfile,
          read once per interval and shared; firmware-bridge sensors left out) and relays, each device with its own
          account, its own XMPP session and its own nodes ({Agent:PubSub:NodePrefix}{account}/{sensor}, as edge run
          publishes them), answering readout (XEP-0323), control (XEP-0325) and node browsing (XEP-0326).
          The server, TLS and pubsub settings are edge run's: appsettings.json, --config FILE, environment, --set
          (Xmpp:Host, Xmpp:Port, Xmpp:Tls:CaFile, Agent:PubSub:Service …); the accounts are at Xmpp:Jid's domain.
          Durability: none. Each device keeps at most --queue readings in memory while it cannot publish (the oldest
          dropped beyond) and drops a reading the server refuses; nothing is written to disk.
          Progress on stderr: "312/1000 connected" every 2 s while starting, then a status line when it changes.
          Exit code 2: bad options; 3: an account cannot be made or logged in to (or TLS fails).

          --count N          devices (1-100000)
          --prefix P         account names P0001 … (zero-padded to the width of N; default dev)
          --password PW      the password of the prefixed accounts (default: Xmpp:Password)
          --register         create the prefixed accounts by in-band registration (XEP-0077); existing ones are used
          --accounts FILE    existing accounts instead, one user:password per line (user or user@domain)
          --concurrency N    devices registering or logging in at once while starting (default 16)
          --interval S       seconds between sampling cycles (default: Agent:SampleInterval); decimals allowed
          --queue N          readings a device keeps while it cannot publish (default 64)
          --window N         publishes one device has in flight (default 16)
          --duration S       stop after S seconds
          --config FILE      an extra JSON settings file
          --set KEY=VALUE    override one setting (repeatable)
        """;

    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal) { "register" };

    public static async Task<int> RunAsync(CommandLine cl, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(error);
        cl.RejectUnknown("count", "prefix", "password", "register", "accounts", "concurrency", "interval", "queue", "window",
            "duration", "config", "set");
        var settings = AgentSettings.Load(AppContext.BaseDirectory, cl.Value("config"), cl.Settings());
        if (settings.Errors.Count > 0 || settings.Profile is null)
        {
            await error.WriteLineAsync("edge fleet: invalid configuration:").ConfigureAwait(false);
            foreach (var line in settings.Errors)
            {
                await error.WriteLineAsync("  " + line).ConfigureAwait(false);
            }

            return 2;
        }

        if (!settings.Profile.Simulated)
        {
            throw new CommandLineException($"Agent:HardwareProfile '{settings.Agent.HardwareProfile}' is not a simulated profile; a fleet runs simulated devices only.");
        }

        var options = new FleetOptions
        {
            Count = cl.Int("count", 1, 100_000) ?? throw new CommandLineException("Option --count is required."),
            Prefix = cl.Value("prefix") ?? "dev",
            Password = cl.Value("password") ?? (settings.NoPassword ? null : settings.Xmpp.Password),
            Register = cl.Flag("register"),
            AccountsFile = cl.Value("accounts"),
            Concurrency = cl.Int("concurrency", 1, 1024) ?? 16,
            SampleInterval = cl.Value("interval") is { } interval ? Seconds("interval", interval) : settings.Agent.SampleInterval,
            QueueLength = cl.Int("queue", 1, 100_000) ?? 64,
            Window = cl.Int("window", 1, 1024) ?? 16,
        };
        var duration = cl.Int("duration", 1, int.MaxValue);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true; // a clean stop: sessions closed, final status printed
            stop.Cancel();
        });
        if (duration is not null)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(duration.Value));
        }

        // Warnings and errors only: a thousand devices logging each login would bury the progress lines.
        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Warning)
            .AddProvider(new ConsoleLineLoggerProvider("HH:mm:ss ")));
        return await new FleetRun(options, settings.Xmpp, settings.Agent, settings.Profile, error, loggers).RunAsync(stop.Token)
            .ConfigureAwait(false);
    }

    private static TimeSpan Seconds(string name, string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s)
            && s is >= 0.1 and <= 86_400
            ? TimeSpan.FromSeconds(s)
            : throw new CommandLineException($"Option --{name} '{text}' must be seconds from 0.1 to 86400.");
}
