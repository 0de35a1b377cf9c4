namespace Edge.Iot.Discovery;

/// <summary>What an <c>update</c> did (XEP-0347 §Update Meta Information).</summary>
public enum UpdateOutcome
{
    /// <summary>The tags were merged: empty result.</summary>
    Updated,

    /// <summary>No such thing (removed by its owner), or not the sender's to update: <c>item-not-found</c>.</summary>
    NotFound,

    /// <summary>The thing is registered but not claimed: nothing changed, result <c>&lt;disowned/&gt;</c> (re-register).</summary>
    Disowned,
}
