namespace Edge.Hardware.Modbus;

/// <summary>The bus loop: one thread per master runs the queued jobs one after the other.</summary>
public sealed partial class ModbusRtuMaster
{
    /// <summary>Queues <paramref name="work"/> for the bus loop; the task completes (on a pool thread) when it has run.</summary>
    private Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        var job = new BusJob<T>(work, cancellationToken);
        lock (_jobs)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            _jobs.Enqueue(job);
            Monitor.Pulse(_jobs);
        }

        return job.Task;
    }

    private void BusLoop()
    {
        while (true)
        {
            BusJob job;
            lock (_jobs)
            {
                while (_jobs.Count == 0 && _disposed == 0)
                {
                    _ = Monitor.Wait(_jobs);
                }

                if (_disposed != 0)
                {
                    // Jobs still queued are failed by StopBus.
                    return;
                }

                job = _jobs.Dequeue();
            }

            job.Run();
        }
    }

    /// <summary>Ends the loop after the job it is running; fails the jobs still queued.</summary>
    private void StopBus()
    {
        BusJob[] left;
        lock (_jobs)
        {
            left = [.. _jobs];
            _jobs.Clear();
            Monitor.PulseAll(_jobs);
        }

        foreach (BusJob job in left)
        {
            job.Fail(new ObjectDisposedException(nameof(ModbusRtuMaster)));
        }

        // A job waiting for an answer looks again at once: _stop is cancelled and the stream is closing.
        _received.Pulse();
        if (Thread.CurrentThread != _bus)
        {
            _ = _bus.Join(TimeSpan.FromSeconds(2));
        }
    }

    private abstract class BusJob
    {
        public abstract void Run();

        public abstract void Fail(Exception e);
    }

    private sealed class BusJob<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken) : BusJob
    {
        // The caller continues on a pool thread, never on the bus thread (which would then run the caller's code).
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _done.Task;

        public override void Run()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _ = _done.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                _ = _done.TrySetResult(work(cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _ = _done.TrySetCanceled(cancellationToken);
            }
#pragma warning disable CA1031 // Every failure goes to the caller that queued the job; the loop goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _ = _done.TrySetException(e);
            }
        }

        public override void Fail(Exception e) => _done.TrySetException(e);
    }
}
