namespace Edge.Hardware.Gpio;

/// <summary>
/// The result of a relay command. A refusal is data, not a silent no-op: <see cref="Outcome"/> says which rule
/// refused it, <see cref="RetryAfter"/> when the same command would pass that rule, <see cref="Message"/> why.
/// </summary>
public readonly record struct RelaySwitchResult(RelaySwitchOutcome Outcome, bool IsOn, TimeSpan? RetryAfter,
    string Message)
{
    /// <summary>Whether the relay is now in the requested state.</summary>
    public bool Succeeded => Outcome is RelaySwitchOutcome.Switched or RelaySwitchOutcome.Unchanged;
}
