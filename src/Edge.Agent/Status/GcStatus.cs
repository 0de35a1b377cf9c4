namespace Edge.Agent.Status;

/// <summary>
/// The managed heap (<see cref="GC.GetGCMemoryInfo()"/>: as the last collection left it, all 0 before the first one;
/// and the counters since start): what separates the GC's share of the resident memory from the rest (runtime, native
/// libraries, thread stacks).
/// </summary>
/// <param name="HeapBytes">The heap's size after the last collection, fragmentation included.</param>
/// <param name="FragmentedBytes">Free space inside the heap after the last collection.</param>
/// <param name="CommittedBytes">Memory the GC had committed after the last collection (the heap, its bookkeeping, free regions it keeps).</param>
/// <param name="AllocatedBytes">Bytes allocated since start.</param>
/// <param name="Collections">Collections since start of generation 0, 1 and 2 (a gen-2 one counts in all three).</param>
public sealed record GcStatus(long HeapBytes, long FragmentedBytes, long CommittedBytes, long AllocatedBytes, IReadOnlyList<int> Collections)
{
    /// <summary>The runtime's figures now.</summary>
    public static GcStatus Now()
    {
        GCMemoryInfo info = GC.GetGCMemoryInfo();
        return new GcStatus(info.HeapSizeBytes, info.FragmentedBytes, info.TotalCommittedBytes, GC.GetTotalAllocatedBytes(),
            [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)]);
    }
}
