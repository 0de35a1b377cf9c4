using Edge.Agent;
using Edge.Agent.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests;

[TestClass]
public sealed class DurableOutboxTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Setup() => _dir = Path.Combine(Path.GetTempPath(), "edge-outbox-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private DurableOutbox Open(int max = 100, OutboxOverflow overflow = OutboxOverflow.DropOldest) =>
        new(_dir, new OutboxOptions { MaxEntries = max, Overflow = overflow }, NullLogger.Instance);

    [TestMethod]
    public void Append_ThenReopen_EntriesSurviveInOrder()
    {
        var outbox = Open();
        outbox.Append("n1", "id-a", "<a/>");
        outbox.Append("n2", "id-b", "<b>x\ny</b>");

        var reopened = Open();

        Assert.AreEqual(2, reopened.Count);
        Assert.IsTrue(reopened.TryPeek(out var first));
        Assert.AreEqual(("n1", "id-a", "<a/>"), (first!.Node, first.ItemId, first.Payload));
        reopened.Remove(first.Sequence);
        Assert.IsTrue(reopened.TryPeek(out var second));
        Assert.AreEqual("<b>x\ny</b>", second!.Payload);
    }

    [TestMethod]
    public void Remove_Acknowledged_GoneAfterReopen()
    {
        var outbox = Open();
        var seq = outbox.Append("n", "i", "<p/>");
        outbox.Remove(seq);

        Assert.AreEqual(0, Open().Count);
    }

    [TestMethod]
    public void Append_AfterReopen_SequenceKeepsGrowing()
    {
        var outbox = Open();
        var a = outbox.Append("n", "i1", "<p/>");
        outbox.Remove(a);
        var b = Open().Append("n", "i2", "<p/>");

        Assert.IsTrue(b > a, "a sequence number is never reused, even after the queue emptied");
    }

    [TestMethod]
    public void Append_Full_DropOldestKeepsNewest()
    {
        var outbox = Open(max: 3);
        for (var i = 0; i < 5; i++)
        {
            outbox.Append("n", "id" + i, "<p/>");
        }

        Assert.AreEqual(3, outbox.Count);
        Assert.AreEqual(2, outbox.Dropped);
        Assert.IsTrue(outbox.TryPeek(out var oldest));
        Assert.AreEqual("id2", oldest!.ItemId);
    }

    [TestMethod]
    public void Append_Full_DropNewestKeepsHistory()
    {
        var outbox = Open(max: 2, overflow: OutboxOverflow.DropNewest);
        outbox.Append("n", "id0", "<p/>");
        outbox.Append("n", "id1", "<p/>");

        Assert.AreEqual(-1, outbox.Append("n", "id2", "<p/>"));
        Assert.AreEqual(2, outbox.Count);
        Assert.IsTrue(outbox.TryPeek(out var oldest));
        Assert.AreEqual("id0", oldest!.ItemId);
    }

    [TestMethod]
    public void Open_InterruptedWriteLeftover_IgnoredAndRemoved()
    {
        Open().Append("n", "ok", "<p/>");
        File.WriteAllText(Path.Combine(_dir, "0000000000000000099.entry.tmp"), "half a wri");

        var reopened = Open();

        Assert.AreEqual(1, reopened.Count);
        Assert.IsFalse(Directory.EnumerateFiles(_dir, "*.tmp").Any());
    }

    [TestMethod]
    public void TryPeek_CorruptEntry_MovedAsideQueueContinues()
    {
        var outbox = Open();
        var bad = outbox.Append("n", "bad", "<p/>");
        outbox.Append("n", "good", "<p/>");
        File.WriteAllText(Path.Combine(_dir, bad.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + ".entry"), "garbage");

        Assert.IsTrue(outbox.TryPeek(out var entry));
        Assert.AreEqual("good", entry!.ItemId);
        Assert.IsTrue(File.Exists(Path.Combine(_dir, "corrupt", bad.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + ".entry")));
    }

    [TestMethod]
    [Timeout(5000)]
    public async Task WaitForEntryAsync_Empty_CompletesOnAppend()
    {
        var outbox = Open();
        var wait = outbox.WaitForEntryAsync(CancellationToken.None);
        Assert.IsFalse(wait.IsCompleted);

        outbox.Append("n", "i", "<p/>");

        await wait;
    }
}
