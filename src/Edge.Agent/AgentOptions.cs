namespace Edge.Agent;

/// <summary>The <c>Agent</c> section of appsettings.json: what to sample, where to keep data, where to publish.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>Hardware profile JSON (relative paths resolve against the working directory, then the app folder).</summary>
    public string HardwareProfile { get; set; } = "hardware/profiles/sim.json";

    /// <summary>Durable state: the outbox, pulse counts. Must survive power loss (not a tmpfs).</summary>
    public string DataDirectory { get; set; } = "edge-data";

    /// <summary>How often every sensor is read and a reading queued for publishing.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old a sensor's last read may be for a readout to answer from it instead of reading the bus again
    /// (0 = always read). Keeps a burst of readouts from hammering a slow Modbus line.
    /// </summary>
    public TimeSpan ReadoutMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    public PublishOptions PubSub { get; set; } = new();

    /// <summary>Who may read out, browse and control the device (see <see cref="AccessOptions"/>).</summary>
    public AccessOptions Access { get; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Report by exception: deadbands and the heartbeat (see <see cref="ReportingOptions"/>).</summary>
    public ReportingOptions Reporting { get; set; } = new();

    /// <summary>The demand-response engine (see <see cref="DemandResponseOptions"/>).</summary>
    public DemandResponseOptions DemandResponse { get; set; } = new();

    /// <summary>Registering in a thing registry to be claimed (XEP-0347).</summary>
    public ProvisioningOptions Provisioning { get; set; } = new();

    /// <summary>The local status page, metrics and health (see <see cref="HttpOptions"/>).</summary>
    public HttpOptions Http { get; set; } = new();

    /// <summary>Checks the options; each message names the key and the bad value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(HardwareProfile))
        {
            errors.Add("Agent:HardwareProfile must name a hardware profile JSON file.");
        }
        else if (ResolvePath(HardwareProfile) is null)
        {
            errors.Add($"Agent:HardwareProfile '{HardwareProfile}' does not exist (looked in {Environment.CurrentDirectory} and {AppContext.BaseDirectory}).");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("Agent:DataDirectory must be set.");
        }

        if (SampleInterval < TimeSpan.FromMilliseconds(100) || SampleInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"Agent:SampleInterval '{SampleInterval}' must be between 00:00:00.1 and 1.00:00:00.");
        }

        if (ReadoutMaxAge < TimeSpan.Zero || ReadoutMaxAge > TimeSpan.FromHours(1))
        {
            errors.Add($"Agent:ReadoutMaxAge '{ReadoutMaxAge}' must be between 00:00:00 and 01:00:00.");
        }

        errors.AddRange(Access.Validate());

        errors.AddRange(PubSub.Validate());
        errors.AddRange(Outbox.Validate());
        errors.AddRange(Reporting.Validate());
        errors.AddRange(DemandResponse.Validate());
        errors.AddRange(Provisioning.Validate());
        errors.AddRange(Http.Validate());

        return errors;
    }

    /// <summary>Finds a configured relative path in the working directory, else beside the executable.</summary>
    public static string? ResolvePath(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return File.Exists(path) ? path : null;
        }

        foreach (var root in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            var candidate = Path.GetFullPath(Path.Combine(root, path));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
