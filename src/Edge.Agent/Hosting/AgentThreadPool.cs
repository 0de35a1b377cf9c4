namespace Edge.Agent.Hosting;

/// <summary>
/// The thread pool of <c>edge run</c>: one worker in use at a time, not one per core. The agent's work is a few
/// milliseconds a second in short pieces (a sampling cycle, a batch of publishes and their answers, a commit), and on
/// NativeAOT each hand-over between workers costs two or three context switches (a worker that takes an item wakes a
/// second one to share the queue, which finds nothing and parks again; the park and the wake go through the runtime's
/// own wait subsystem, a mutex and a condition variable per thread). With one worker the continuations run in turn on
/// the worker that is awake. Nothing in the agent waits for another work item while holding a worker (no sync over
/// async); a worker blocked longer than the pool's starvation threshold (a slow fsync) still gets a second one
/// injected by the runtime. Measured on the sim profile (README "Memory budget and the per-reading path").
/// </summary>
internal static class AgentThreadPool
{
    /// <summary>
    /// Lowers the pool's goal to one worker and turns its hill climbing off (which would raise the goal again to probe
    /// for throughput the agent never needs). Call first thing, before anything has used the pool. An operator's
    /// <c>DOTNET_ThreadPool_ForceMinWorkerThreads</c> wins: then nothing is changed and false is returned.
    /// </summary>
    public static bool UseOneWorker()
    {
        // Read once, when the pool first adjusts its goal: still unread at this point.
        AppContext.SetSwitch("System.Threading.ThreadPool.HillClimbing.Disable", true);
        ThreadPool.GetMinThreads(out _, out var minIo);
        ThreadPool.GetMaxThreads(out var max, out var maxIo);

        // The goal only follows the minimum upwards; a maximum of one brings it down, then the maximum is restored (the
        // runtime still injects a worker past a starved one).
        return ThreadPool.SetMinThreads(1, minIo) && ThreadPool.SetMaxThreads(1, maxIo) && ThreadPool.SetMaxThreads(max, maxIo);
    }
}
