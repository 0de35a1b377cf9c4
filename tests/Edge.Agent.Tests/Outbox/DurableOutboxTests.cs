using Edge.Agent.Outbox;
using Edge.Things;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Outbox;

[TestClass]
public sealed class DurableOutboxTests
{
    private string _dir = null!;
    private readonly List<DurableOutbox> _open = [];

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Setup() => _dir = Path.Combine(Path.GetTempPath(), "edge-outbox-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public async Task CleanupAsync()
    {
        foreach (var outbox in _open)
        {
            await outbox.DisposeAsync();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private DurableOutbox Open(int max = 1000, OutboxOverflow overflow = OutboxOverflow.DropOldest, long maxBytes = 1 << 20,
        int segmentBytes = 1 << 20, TimeSpan? commitDelay = null)
    {
        var outbox = new DurableOutbox(_dir, new OutboxOptions
        {
            MaxEntries = max,
            Overflow = overflow,
            MaxBytes = maxBytes,
            SegmentBytes = segmentBytes,
            CommitDelay = commitDelay ?? TimeSpan.FromMilliseconds(5),
            RemoveDelay = TimeSpan.FromMilliseconds(5),
        }, TimeProvider.System, NullLogger.Instance);
        _open.Add(outbox);
        return outbox;
    }

    private async Task<DurableOutbox> ReopenAsync(DurableOutbox outbox)
    {
        await outbox.DisposeAsync();
        _open.Remove(outbox);
        return Open();
    }

    private static List<Reading> Pending(DurableOutbox outbox)
    {
        var list = new List<(long Sequence, Reading Reading)>();
        foreach (var node in outbox.Nodes())
        {
            var after = -1L;
            while (outbox.TryGetNext(node, after, out var sequence))
            {
                Assert.IsTrue(outbox.TryRead(sequence, out var reading));
                list.Add((sequence, reading));
                after = sequence;
            }
        }

        return [.. list.OrderBy(p => p.Sequence).Select(p => p.Reading)];
    }

    private static List<long> Sequences(DurableOutbox outbox, string node)
    {
        var list = new List<long>();
        var after = -1L;
        while (outbox.TryGetNext(node, after, out var sequence))
        {
            list.Add(sequence);
            after = sequence;
        }

        return list;
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task AppendAsync_ThenReopen_ReadingsSurviveInOrderWithEveryKind()
    {
        var outbox = Open();
        Assert.AreEqual(AppendResult.Durable, await outbox.AppendAsync([Readings.AllKinds(), Readings.Numeric("a", 1)], TestContext.CancellationTokenSource.Token));
        await outbox.AppendAsync(Readings.Numeric("b", 2), TestContext.CancellationTokenSource.Token);

        var reopened = await ReopenAsync(outbox);

        Assert.AreEqual(3, reopened.Count);
        var pending = Pending(reopened);
        CollectionAssert.AreEqual(new[] { "meter", "a", "b" }, pending.Select(r => r.Node.NodeId).ToArray());
        CollectionAssert.AreEqual(Readings.AllKinds().Fields.ToList(), pending[0].Fields.ToList());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Remove_Acknowledged_GoneAfterReopen()
    {
        var outbox = Open();
        await outbox.AppendAsync([Readings.Numeric("a", 1), Readings.Numeric("a", 2)], TestContext.CancellationTokenSource.Token);
        var first = Sequences(outbox, "a")[0];

        Assert.IsTrue(outbox.Remove(first));
        Assert.IsFalse(outbox.Remove(first), "a second removal is a no-op");
        var reopened = await ReopenAsync(outbox);

        Assert.AreEqual(1, reopened.Count);
        Assert.AreEqual(Readings.T0.AddSeconds(2), Pending(reopened)[0].Timestamp);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Remove_AloneInACommit_WrittenWithoutAnFsyncAndStillRead()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var outbox = Open();
        await outbox.AppendAsync([Readings.Numeric("a", 1), Readings.Numeric("a", 2)], ct);
        var fsyncs = outbox.Fsyncs;
        var written = LogBytes();

        outbox.Remove(Sequences(outbox, "a")[0]);
        var reopened = await ReopenAsync(outbox); // closing writes the pending removal: a commit of removals alone

        Assert.IsTrue(LogBytes() > written, "the removal record was written");
        Assert.AreEqual(fsyncs, outbox.Fsyncs, "a commit of removals alone is not forced to disk: losing it only republishes");
        CollectionAssert.AreEqual(new[] { Readings.T0.AddSeconds(2) }, Pending(reopened).Select(r => r.Timestamp).ToArray());
        var beforeAppend = reopened.Fsyncs;
        await reopened.AppendAsync([Readings.Numeric("a", 3)], ct);
        Assert.AreEqual(beforeAppend + 1, reopened.Fsyncs, "an append is forced to disk, once per commit");
    }

    private long LogBytes() => Directory.GetFiles(_dir).Sum(f => new FileInfo(f).Length);

    [TestMethod]
    [Timeout(10_000)]
    public async Task AppendAsync_AfterEmptiedAndReopened_SequenceKeepsGrowing()
    {
        var outbox = Open();
        await outbox.AppendAsync(Readings.Numeric("a", 1), TestContext.CancellationTokenSource.Token);
        var a = Sequences(outbox, "a")[0];
        outbox.Remove(a);
        var reopened = await ReopenAsync(outbox);
        await reopened.AppendAsync(Readings.Numeric("a", 2), TestContext.CancellationTokenSource.Token);

        Assert.IsTrue(Sequences(reopened, "a")[0] > a, "a sequence number is never reused, even after the log emptied");
        Assert.AreEqual(2, reopened.NextSequence);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task AppendAsync_Full_DropOldestKeepsNewest()
    {
        var outbox = Open(max: 3);
        for (var i = 0; i < 5; i++)
        {
            Assert.AreEqual(AppendResult.Durable, await outbox.AppendAsync(Readings.Numeric("n", i), TestContext.CancellationTokenSource.Token));
        }

        Assert.AreEqual(3, outbox.Count);
        Assert.AreEqual(2, outbox.Dropped);
        CollectionAssert.AreEqual(new[] { 2, 3, 4 }, Pending(await ReopenAsync(outbox)).Select(r => (int)r.SequenceNumber).ToArray());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task AppendAsync_Full_DropNewestKeepsHistory()
    {
        var outbox = Open(max: 2, overflow: OutboxOverflow.DropNewest);
        await outbox.AppendAsync([Readings.Numeric("n", 0), Readings.Numeric("n", 1)], TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(AppendResult.Dropped, await outbox.AppendAsync(Readings.Numeric("n", 2), TestContext.CancellationTokenSource.Token));
        Assert.AreEqual(2, outbox.Count);
        CollectionAssert.AreEqual(new[] { 0, 1 }, Pending(outbox).Select(r => (int)r.SequenceNumber).ToArray());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task AppendAsync_OverMaxBytes_DropsOldestToStayWithinTheBound()
    {
        var size = ReadingCodec.Encode(Readings.Numeric("n", 0)).Length;
        var outbox = Open(maxBytes: 65536);
        var readings = Enumerable.Range(0, (65536 / size) + 50).Select(i => Readings.Numeric("n", i)).ToList();
        foreach (var chunk in readings.Chunk(100))
        {
            await outbox.AppendAsync(chunk, TestContext.CancellationTokenSource.Token);
        }

        Assert.IsTrue(outbox.Bytes <= 65536, $"{outbox.Bytes} bytes kept");
        Assert.IsTrue(outbox.Dropped >= 50, $"{outbox.Dropped} dropped");
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task AppendAsync_ManyConcurrent_ShareFewFsyncs()
    {
        var outbox = Open();
        var before = outbox.Fsyncs;

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => outbox.AppendAsync(Readings.Numeric("n" + (i % 10), i), TestContext.CancellationTokenSource.Token)));

        Assert.IsTrue(results.All(r => r == AppendResult.Durable));
        Assert.AreEqual(200, outbox.Count);
        Assert.IsTrue(outbox.Fsyncs - before <= 20, $"{outbox.Fsyncs - before} fsyncs for 200 appends: group commit should batch them");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task AppendAsync_NoCommitUnderWay_CommittedOnTheCallersThreadBeforeItReturns()
    {
        var outbox = Open(commitDelay: TimeSpan.Zero);
        var raised = 0;
        outbox.Appended += (_, _) => Interlocked.Increment(ref raised);
        var fsyncs = outbox.Fsyncs;

        var append = outbox.AppendAsync([Readings.Numeric("a", 1), Readings.Numeric("b", 2)], TestContext.CancellationTokenSource.Token);

        // No hand-off to the writer loop: written, fsynced and announced by the time the call returns.
        Assert.IsTrue(append.IsCompletedSuccessfully);
        Assert.AreEqual(AppendResult.Durable, await append);
        Assert.AreEqual(fsyncs + 1, outbox.Fsyncs);
        Assert.AreEqual(1, Volatile.Read(ref raised));
        var reopened = await ReopenAsync(outbox);
        CollectionAssert.AreEqual(new[] { "a", "b" }, Pending(reopened).Select(r => r.Node.NodeId).ToArray());
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task AppendAsync_ConcurrentWithoutCommitDelay_EveryReadingDurableOnceInEachAppendsOrder()
    {
        var outbox = Open(commitDelay: TimeSpan.Zero);

        // Appenders on many threads: one commits on its own thread, those arriving meanwhile go to the writer loop.
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            outbox.AppendAsync([Readings.Numeric("n" + (i % 10), 2 * i, 2 * i), Readings.Numeric("n" + (i % 10), (2 * i) + 1, (2 * i) + 1)], TestContext.CancellationTokenSource.Token))));

        Assert.IsTrue(results.All(r => r == AppendResult.Durable));
        var reopened = await ReopenAsync(outbox);
        var pending = Pending(reopened);
        Assert.AreEqual(200, pending.Count);
        var values = pending.Select(r => (int)((NumericValue)r.Fields[0].Value).Value).ToList();
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 200).ToList(), values);
        for (var i = 0; i < 100; i++)
        {
            Assert.AreEqual(values.IndexOf(2 * i) + 1, values.IndexOf((2 * i) + 1), $"append {i}'s two readings apart or out of order");
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Open_TornTail_CutOffAndTheRestKept()
    {
        var outbox = Open();
        await outbox.AppendAsync(Readings.Numeric("n", 1), TestContext.CancellationTokenSource.Token);
        await outbox.AppendAsync(Readings.Numeric("n", 2), TestContext.CancellationTokenSource.Token);
        await outbox.DisposeAsync();
        _open.Remove(outbox);
        var segment = Directory.GetFiles(_dir, "*.log").Single();
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 3); // a power cut in the middle of the second commit
        }

        var reopened = Open();

        Assert.AreEqual(1, reopened.Count);
        Assert.IsTrue(new FileInfo(segment).Length < length - 3, "the torn record is cut off");
        await reopened.AppendAsync(Readings.Numeric("n", 3), TestContext.CancellationTokenSource.Token);
        var again = await ReopenAsync(reopened);
        CollectionAssert.AreEqual(new[] { 1, 3 }, Pending(again).Select(r => (int)r.SequenceNumber).ToArray());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Open_GarbageAfterTheLastRecord_CutOff()
    {
        var outbox = Open();
        await outbox.AppendAsync(Readings.Numeric("n", 1), TestContext.CancellationTokenSource.Token);
        await outbox.DisposeAsync();
        _open.Remove(outbox);
        File.AppendAllText(Directory.GetFiles(_dir, "*.log").Single(), "half a wri");

        var reopened = Open();

        Assert.AreEqual(1, reopened.Count);
        await reopened.AppendAsync(Readings.Numeric("n", 2), TestContext.CancellationTokenSource.Token);
        Assert.AreEqual(2, Pending(await ReopenAsync(reopened)).Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task TryRead_RecordDamagedOnDisk_DroppedAndTheNodeGoesOn()
    {
        var outbox = Open();
        await outbox.AppendAsync([Readings.Numeric("n", 1), Readings.Numeric("n", 2)], TestContext.CancellationTokenSource.Token);
        await AppendOthersAsync(outbox, DurableOutbox.RecentReadings); // n's readings are now read from the log
        var segment = Directory.GetFiles(_dir, "*.log").Single();
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            file.Position = 30; // inside the first record's reading
            file.WriteByte(0xFF);
        }

        var first = Sequences(outbox, "n")[0];
        Assert.IsFalse(outbox.TryRead(first, out _));
        Assert.AreEqual(1 + DurableOutbox.RecentReadings, outbox.Count);
        Assert.AreEqual(1, outbox.Dropped);
        Assert.IsTrue(outbox.TryRead(Sequences(outbox, "n")[0], out var second));
        Assert.AreEqual(2, second.SequenceNumber);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task TryRead_JustAppended_TheAppendedReadingItselfNotADecodedCopy()
    {
        var outbox = Open();
        var appended = Readings.AllKinds();
        await outbox.AppendAsync(appended, TestContext.CancellationTokenSource.Token);

        Assert.IsTrue(outbox.TryRead(Sequences(outbox, "meter").Single(), out var read));
        Assert.AreSame(appended, read);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task TryRead_OlderThanTheLastRecentReadings_DecodedFromTheLogEqualToTheAppended()
    {
        var outbox = Open();
        var appended = Readings.AllKinds();
        await outbox.AppendAsync(appended, TestContext.CancellationTokenSource.Token);
        await AppendOthersAsync(outbox, DurableOutbox.RecentReadings - 1);
        Assert.IsTrue(outbox.TryRead(Sequences(outbox, "meter").Single(), out var stillRecent));
        Assert.AreSame(appended, stillRecent, "the last RecentReadings appended are kept");

        await AppendOthersAsync(outbox, 1);

        Assert.IsTrue(outbox.TryRead(Sequences(outbox, "meter").Single(), out var read));
        Assert.AreNotSame(appended, read);
        Assert.AreEqual(appended.SequenceNumber, read.SequenceNumber);
        Assert.AreEqual(appended.Timestamp, read.Timestamp);
        CollectionAssert.AreEqual(appended.Fields.ToList(), read.Fields.ToList());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task TryRead_Removed_GoneEvenWhileRecent()
    {
        var outbox = Open();
        await outbox.AppendAsync(Readings.Numeric("n", 1), TestContext.CancellationTokenSource.Token);
        var sequence = Sequences(outbox, "n").Single();

        Assert.IsTrue(outbox.Remove(sequence));

        Assert.IsFalse(outbox.TryRead(sequence, out _));
    }

    private async Task AppendOthersAsync(DurableOutbox outbox, int count) =>
        await outbox.AppendAsync([.. Enumerable.Range(1, count).Select(i => Readings.Numeric("other", i))], TestContext.CancellationTokenSource.Token);

    [TestMethod]
    [Timeout(20_000)]
    public async Task Remove_AllOfAFullSegment_SegmentDeleted()
    {
        var outbox = Open(segmentBytes: 4096);
        for (var i = 0; i < 300; i++)
        {
            await outbox.AppendAsync(Readings.Numeric("n", i), TestContext.CancellationTokenSource.Token);
        }

        Assert.IsTrue(Directory.GetFiles(_dir, "*.log").Length > 3);
        foreach (var sequence in Sequences(outbox, "n"))
        {
            outbox.Remove(sequence);
        }

        await outbox.AppendAsync(Readings.Numeric("n", 300), TestContext.CancellationTokenSource.Token);
        await outbox.FlushAsync(TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(1, Directory.GetFiles(_dir, "*.log").Length, string.Join(", ", Directory.GetFiles(_dir)));
        CollectionAssert.AreEqual(new[] { 300 }, Pending(await ReopenAsync(outbox)).Select(r => (int)r.SequenceNumber).ToArray());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Park_RefusedReading_LeavesTheLogIntoTheParkedFile()
    {
        var outbox = Open();
        await outbox.AppendAsync([Readings.Numeric("n", 1), Readings.Numeric("n", 2)], TestContext.CancellationTokenSource.Token);

        Assert.IsTrue(outbox.Park(Sequences(outbox, "n")[0]));

        Assert.AreEqual(1, outbox.Count);
        Assert.AreEqual(1, outbox.Parked);
        Assert.IsTrue(new FileInfo(outbox.ParkedFile).Length > 0);
        Assert.AreEqual(1, (await ReopenAsync(outbox)).Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Open_LegacyEntryFiles_MigratedWithTheirItemTimes()
    {
        Directory.CreateDirectory(_dir);
        const string Fields = "<fields xmlns='urn:xmpp:iot:sensordata' seqnr='0' done='true'><node nodeId='climate'>"
            + "<timestamp value='2026-11-23T09:00:05.123Z'><numeric name='Temperature' value='21.51' unit='°C' momentary='true' "
            + "automaticReadout='true'/></timestamp></node></fields>";
        File.WriteAllText(Path.Combine(_dir, "0000000000000000007.entry"), "edge/agent/climate\n20261123T090005.123Z\n" + Fields);
        File.WriteAllText(Path.Combine(_dir, "0000000000000000008.entry"), "edge/agent/climate\n20261123T090006.000Z\n" + Fields);
        File.WriteAllText(Path.Combine(_dir, "0000000000000000009.entry"), "garbage");
        File.WriteAllText(Path.Combine(_dir, "next-sequence"), "10");

        var outbox = Open();

        var pending = Pending(outbox);
        Assert.AreEqual(2, pending.Count);
        Assert.AreEqual("climate", pending[0].Node.NodeId);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 23, 9, 0, 6, TimeSpan.Zero), pending[1].Timestamp, "the legacy item id's time");
        Assert.AreEqual(21.51, ((NumericValue)pending[0].Fields[0].Value).Value);
        Assert.IsFalse(Directory.EnumerateFiles(_dir, "*.entry").Any());
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "next-sequence")));
        Assert.AreEqual(2, Pending(await ReopenAsync(outbox)).Count, "migrated once, durably");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Appended_RaisedOncePerCommitOfReadings()
    {
        var outbox = Open();
        await outbox.AppendAsync(Readings.Numeric("n", 1), TestContext.CancellationTokenSource.Token);
        var raised = 0;
        outbox.Appended += (_, _) => Interlocked.Increment(ref raised);
        outbox.Remove(Sequences(outbox, "n")[0]);
        await outbox.FlushAsync(TestContext.CancellationTokenSource.Token);
        Assert.AreEqual(0, Volatile.Read(ref raised), "a commit of removals only does not wake the publisher");

        await outbox.AppendAsync([Readings.Numeric("n", 2), Readings.Numeric("m", 3)], TestContext.CancellationTokenSource.Token);
        await outbox.FlushAsync(TestContext.CancellationTokenSource.Token); // the writer raised it before taking this

        Assert.AreEqual(1, Volatile.Read(ref raised), "one commit of two readings: one notice");
    }

    [TestMethod]
    [Timeout(10_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Files_SegmentAndDirectory_PrivateToTheAgent()
    {
        var outbox = Open();
        await outbox.AppendAsync(Readings.Numeric("n", 1), TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Directory.GetFiles(_dir, "*.log").Single()));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Open_DirectoryInUseByAnotherOutbox_RefusedNamingIt()
    {
        var first = Open();

        var e = Assert.ThrowsExactly<IOException>(() => Open());

        StringAssert.Contains(e.Message, "in use by another process");
        StringAssert.Contains(e.Message, _dir);
        await ReopenAsync(first); // released on dispose: the next one opens
    }
}
