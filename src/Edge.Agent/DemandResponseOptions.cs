namespace Edge.Agent;

/// <summary>
/// The <c>Agent:DemandResponse</c> section: how the demand-response engine restores shed loads, how its import-limit
/// loop reads and answers the grid meter, and the program node it takes grid events from.
/// </summary>
public sealed class DemandResponseOptions
{
    /// <summary>
    /// When an event (or quiet hours, or a used-up budget) ends, each load the engine shed is restored after a random
    /// offset in [0, this window], so that a fleet does not switch back on all at once (cold-load pickup). 0 = restore
    /// at once.
    /// </summary>
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often, at least, the grid meter (the profile's <c>gridMeter</c>) is read for the import limit and budget.
    /// Every read of it (the sampler's, a readout's) is reported as it completes; while the sampling interval is this or
    /// shorter the meter is read at the sampling cadence only, with no timer of its own; with slower sampling it is read
    /// every interval (a read younger than the interval is taken instead of driving the bus again).
    /// </summary>
    public TimeSpan MeterInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The import-limit loop restores a load only while the import power stays below <c>ImportLimit</c> minus this
    /// margin (in W), and only if the load's nominal power fits under it too.
    /// </summary>
    public double ImportLimitHysteresis { get; set; } = 200;

    /// <summary>How long the import power must stay below the limit minus the hysteresis before a load is restored.</summary>
    public TimeSpan ImportLimitHold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After each switching the import-limit loop waits this long for the meter to show its effect.</summary>
    public TimeSpan ImportLimitSettle { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The program node grid events arrive on (off when <see cref="ProgramOptions.Node"/> is empty). What the device
    /// did is reported on its own status node, <c>{NodePrefix}{device}/demand-response</c>.
    /// </summary>
    public ProgramOptions Program { get; set; } = new();

    /// <summary>Checks the options; each message names the key and quotes the bad value.</summary>
    public IEnumerable<string> Validate()
    {
        const string Key = "Agent:DemandResponse";
        if (RestoreWindow < TimeSpan.Zero || RestoreWindow > TimeSpan.FromHours(6))
        {
            yield return $"{Key}:RestoreWindow '{RestoreWindow}' must be between 00:00:00 and 06:00:00.";
        }

        if (MeterInterval < TimeSpan.FromMilliseconds(100) || MeterInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{Key}:MeterInterval '{MeterInterval}' must be between 00:00:00.1 and 00:10:00.";
        }

        if (!double.IsFinite(ImportLimitHysteresis) || ImportLimitHysteresis < 0)
        {
            yield return $"{Key}:ImportLimitHysteresis '{ImportLimitHysteresis}' must be a number of W, 0 or more.";
        }

        if (ImportLimitHold < TimeSpan.Zero || ImportLimitHold > TimeSpan.FromHours(1))
        {
            yield return $"{Key}:ImportLimitHold '{ImportLimitHold}' must be between 00:00:00 and 01:00:00.";
        }

        if (ImportLimitSettle < TimeSpan.Zero || ImportLimitSettle > TimeSpan.FromMinutes(10))
        {
            yield return $"{Key}:ImportLimitSettle '{ImportLimitSettle}' must be between 00:00:00 and 00:10:00.";
        }

        foreach (string error in Program.Validate($"{Key}:Program"))
        {
            yield return error;
        }
    }

    /// <summary>
    /// <c>Agent:DemandResponse:Program</c>: the pubsub node a utility or aggregator publishes OpenADR 2.0b
    /// <c>oadrDistributeEvent</c> payloads to, who this device is in their targets, and how signal levels map to depth.
    /// </summary>
    public sealed class ProgramOptions
    {
        /// <summary>The pubsub service's JID (default: <c>pubsub.</c> + the account's domain, as for publishing).</summary>
        public string? Service { get; set; }

        /// <summary>The program node; empty = no program (events come by XEP-0325 control only).</summary>
        public string? Node { get; set; }

        /// <summary>This device's VEN id in event targets (<c>ei:venID</c>); default: the account's bare JID.</summary>
        public string? VenId { get; set; }

        /// <summary>Groups this device belongs to (<c>ei:groupID</c>, e.g. a feeder).</summary>
        public List<string> GroupIds { get; set; } = [];

        /// <summary>Resources this device is (<c>ei:resourceID</c>).</summary>
        public List<string> ResourceIds { get; set; } = [];

        /// <summary>Parties this device belongs to (<c>ei:partyID</c>).</summary>
        public List<string> PartyIds { get; set; } = [];

        /// <summary>
        /// The shed depth for SIMPLE signal levels 1, 2 and 3 (level 0 is normal operation: nothing shed). Default
        /// 2, 5, 9: moderate sheds the loads of priority 0–2, high 0–5, special every non-essential load.
        /// </summary>
        public List<int> LevelDepths { get; set; } = [];

        /// <summary>The depths in effect (<see cref="LevelDepths"/>, or the defaults when not configured).</summary>
        public IReadOnlyList<int> EffectiveLevelDepths => LevelDepths.Count == 0 ? [2, 5, 9] : LevelDepths;

        internal IEnumerable<string> Validate(string key)
        {
            if (LevelDepths.Count is not (0 or 3) || LevelDepths.Exists(d => d is < 0 or > 9))
            {
                yield return $"{key}:LevelDepths '{string.Join(",", LevelDepths)}' must be three depths (for levels 1, 2, 3), each 0–9.";
            }

            if (string.IsNullOrWhiteSpace(Node) && !string.IsNullOrEmpty(Service))
            {
                yield return $"{key}:Node is required when {key}:Service is set.";
            }

            if (!string.IsNullOrEmpty(Service) && !Xmpp.Jid.TryParse(Service, out _, out string? error))
            {
                yield return $"{key}:Service '{Service}' is not a JID: {error}";
            }
        }
    }
}
