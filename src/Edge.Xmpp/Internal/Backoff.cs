namespace Edge.Xmpp.Internal;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits a random time in [d/2, d] with d = min(cap, initial·2ⁿ),
/// so a fleet that lost its server does not come back in lockstep.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan cap, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _attempt;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_attempt++, 30);
        var ceiling = Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (_random.NextDouble() * ceiling / 2));
    }

    public void Reset() => _attempt = 0;
}
