namespace Edge.Hardware.Gpio;

/// <summary>What a relay command did.</summary>
public enum RelaySwitchOutcome
{
    /// <summary>The relay changed state.</summary>
    Switched,

    /// <summary>The relay already was in the requested state; nothing was written and no switching counted.</summary>
    Unchanged,

    /// <summary>Refused: the relay has not been on for its minimum on-time yet.</summary>
    RefusedMinimumOnTime,

    /// <summary>Refused: the relay has not been off for its minimum off-time yet.</summary>
    RefusedMinimumOffTime,

    /// <summary>Refused: the maximum number of switchings in the last hour is reached.</summary>
    RefusedSwitchingLimit,

    /// <summary>Refused: the relay is disposed (and in its fail-safe state).</summary>
    RefusedDisposed,
}
