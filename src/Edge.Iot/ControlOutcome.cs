namespace Edge.Iot;

/// <summary>
/// The provider's answer to a set of control writes: success, or the first write an actuator refused, with a
/// message fit to return to the requester (e.g. a relay's minimum off time).
/// </summary>
public sealed record ControlOutcome
{
    private ControlOutcome(ControlWrite? failed, string? message)
    {
        FailedWrite = failed;
        Message = message;
    }

    public static ControlOutcome Success { get; } = new(null, null);

    public bool Succeeded => FailedWrite is null;

    /// <summary>The refused write (null on success).</summary>
    public ControlWrite? FailedWrite { get; }

    /// <summary>Why it was refused (null on success).</summary>
    public string? Message { get; }

    public static ControlOutcome Refused(ControlWrite write, string message)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new ControlOutcome(write, message);
    }
}
