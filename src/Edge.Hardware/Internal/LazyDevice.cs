namespace Edge.Hardware.Internal;

/// <summary>
/// A driver opened on first use and dropped after any failure, so the next read re-opens it: a sensor plugged in
/// later, or one a glitch reset, recovers without restarting the agent.
/// </summary>
internal sealed class LazyDevice<T>(Func<T> open) : IDisposable
    where T : class, IDisposable
{
    private readonly Lock _lock = new();
    private T? _device;

    public TResult Use<TResult>(Func<T, TResult> action)
    {
        lock (_lock)
        {
            try
            {
                _device ??= open();
                return action(_device);
            }
            catch
            {
                _device?.Dispose();
                _device = null;
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _device?.Dispose();
            _device = null;
        }
    }
}
