using Edge.Agent.Doctor;
using Edge.Agent.Hosting;
using Edge.Agent.Internal;
using Edge.Agent.Provisioning;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge doctor</c>: what a technician runs on a device that does not work, before reading any log. It loads the
/// configuration exactly as <c>edge run</c> does and checks, in order, the configuration, the clock, the data
/// directory, the device files the hardware profile opens, and the server (address without DNS where an address is
/// configured, TCP, TLS, login or first boot's registration). One line per finding, with what to do for each problem.
/// Changes nothing on the device and logs in with its own resource, so it can run beside the agent.
/// </summary>
public static class DoctorCommand
{
    public const string Help = """
        edge doctor [--config FILE] [--set Key=Value ...] [--offline] [--timeout S]

          Checks what the agent needs and prints what to fix: the configuration (the same sources and validation as
          edge run), the clock (plausible, NTP-synchronized), the data directory (writable by this user, private, free
          space for the outbox), the device files of the hardware profile (GPIO, I2C, 1-Wire, serial ports: present and
          open to this user), and the server: its address (Xmpp:Host as an IP address needs no DNS), TCP, TLS with
          the configured CA or pins, and the login (or, before first boot made the account, whether the server offers
          in-band registration). Run it as the agent's user: sudo -u edge edge doctor.
          Exit code 0: nothing failed (warnings allowed); 1: something failed; 2: bad arguments.

          --config FILE      the agent's extra JSON settings file
          --set KEY=VALUE    override one setting (repeatable)
          --offline          skip the server checks
          --timeout S        bound for each network step (default 10)
        """;

    public static async Task<int> RunAsync(CommandLine cl, TextWriter output, CancellationToken cancellationToken)
    {
        cl.RejectUnknown("config", "set", "offline", "timeout");
        var timeout = TimeSpan.FromSeconds(cl.Int("timeout", 1, 600) ?? 10);
        var configFile = cl.Value("config");
        var settings = AgentSettings.Load(AppContext.BaseDirectory, configFile, cl.Settings());
        var sources = Path.Combine(AppContext.BaseDirectory, "appsettings.json")
            + (configFile is null ? string.Empty : ", " + Path.GetFullPath(configFile)) + ", environment, --set";

        await output.WriteLineAsync($"edge doctor: {Edge.Agent.Iot.AgentThingProvider.SoftwareVersion}, as {Environment.UserName} "
            + $"(uid {Posix.EffectiveUserId()})").ConfigureAwait(false);
        var findings = new List<DoctorFinding>();
        async Task Report(IEnumerable<DoctorFinding> found)
        {
            foreach (var finding in found)
            {
                findings.Add(finding);
                await Print(output, finding).ConfigureAwait(false);
            }
        }

        await Report(LocalChecks.Configuration(settings.Errors, sources)).ConfigureAwait(false);
        await Report([LocalChecks.Clock(DateTimeOffset.UtcNow, Posix.ClockSynchronized())]).ConfigureAwait(false);
        // A file that does not load leaves the defaults: checking their directory would mislead.
        if (settings.Bound)
        {
            await Report(LocalChecks.DataDirectory(settings.DataDirectory, settings.Agent.Outbox.MaxBytes)).ConfigureAwait(false);
        }

        if (settings.Profile is not null)
        {
            await Report(DeviceChecks.Check(settings.Profile)).ConfigureAwait(false);
        }

        if (!cl.Flag("offline") && settings.Errors.Count == 0)
        {
            await Report(await ServerChecks.RunAsync(settings.Xmpp, Password(settings), timeout, cancellationToken).ConfigureAwait(false))
                .ConfigureAwait(false);
        }

        int failed = findings.Count(f => f.Status == DoctorStatus.Failed);
        int warnings = findings.Count(f => f.Status == DoctorStatus.Warning);
        await output.WriteLineAsync(failed == 0 && warnings == 0 ? "all good"
            : $"{failed} failed, {warnings} warning{(warnings == 1 ? string.Empty : "s")}").ConfigureAwait(false);
        return failed == 0 ? 0 : 1;
    }

    /// <summary>The configured password; else the one first boot stored once its account exists; else null (not made yet).</summary>
    private static string? Password(AgentSettings settings)
    {
        if (!settings.NoPassword)
        {
            return settings.Xmpp.Password;
        }

        var path = Path.Combine(settings.DataDirectory, DeviceCredentials.FileName);
        return DeviceCredentials.TryLoad(path, out var credentials, out _) && credentials is { IsRegistered: true } && credentials.Jid == settings.Xmpp.Jid
            ? credentials.Password
            : null;
    }

    private static async Task Print(TextWriter output, DoctorFinding finding)
    {
        var mark = finding.Status switch
        {
            DoctorStatus.Ok => "ok  ",
            DoctorStatus.Warning => "WARN",
            _ => "FAIL",
        };
        await output.WriteLineAsync($"  {mark}  {finding.Check,-15} {finding.Detail}").ConfigureAwait(false);
        if (finding.Fix is not null)
        {
            await output.WriteLineAsync($"        {string.Empty,-15} fix: {finding.Fix}").ConfigureAwait(false);
        }
    }
}
