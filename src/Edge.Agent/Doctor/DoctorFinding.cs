namespace Edge.Agent.Doctor;

/// <summary>How one <c>edge doctor</c> check came out.</summary>
public enum DoctorStatus
{
    /// <summary>Nothing to do.</summary>
    Ok,

    /// <summary>The agent runs, but something will bite later (an unsynchronized clock, little free space…).</summary>
    Warning,

    /// <summary>The agent cannot do its job until this is fixed.</summary>
    Failed,
}

/// <summary>
/// One line of <c>edge doctor</c>'s report: which check (<c>configuration</c>, <c>clock</c>, <c>data directory</c>,
/// <c>device</c>, <c>server address</c>, <c>server</c>, <c>login</c>), how it came out, what was found, and for a warning or a
/// failure what to do about it, in words a technician can act on.
/// </summary>
public sealed record DoctorFinding(string Check, DoctorStatus Status, string Detail, string? Fix = null)
{
    public static DoctorFinding Ok(string check, string detail) => new(check, DoctorStatus.Ok, detail);

    public static DoctorFinding Warning(string check, string detail, string fix) => new(check, DoctorStatus.Warning, detail, fix);

    public static DoctorFinding Failed(string check, string detail, string fix) => new(check, DoctorStatus.Failed, detail, fix);
}
