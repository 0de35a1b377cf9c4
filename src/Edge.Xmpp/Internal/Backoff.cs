using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, waiting a backoff delay after each failure that
    /// <paramref name="retry"/> accepts (logged as a lost connection and a reconnect delay; <paramref name="beforeDelay"/> runs
    /// then); any other failure, or cancellation, is thrown.
    /// </summary>
    public async Task RetryAsync(Func<CancellationToken, Task> attempt, Func<Exception, bool> retry, ILogger logger, TimeProvider time,
        CancellationToken cancellationToken, Action? beforeDelay = null)
    {
        while (true)
        {
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (retry(e) && !cancellationToken.IsCancellationRequested)
            {
                var delay = Next();
                Log.ConnectionLost(logger, e.Message, null);
                Log.ReconnectIn(logger, delay);
                beforeDelay?.Invoke();
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
