using Edge.Agent.Outbox.Internal;

namespace Edge.Agent.Tests.Outbox;

/// <summary>The outbox's per-node index answers as the sorted set it replaced: same members, same next-above answers.</summary>
[TestClass]
public sealed class SequenceSetTests
{
    [TestMethod]
    public void TryGetNext_AppendsAndOldestFirstRemovals_OldestAboveTheCursor()
    {
        var set = new SequenceSet();
        Assert.IsFalse(set.TryGetNext(-1, out _));
        foreach (var s in new long[] { 3, 7, 8, 12 })
        {
            Assert.IsTrue(set.Add(s));
        }

        Assert.IsTrue(set.TryGetNext(-1, out var next));
        Assert.AreEqual(3, next);
        Assert.IsTrue(set.TryGetNext(3, out next));
        Assert.AreEqual(7, next);
        Assert.IsTrue(set.TryGetNext(9, out next));
        Assert.AreEqual(12, next);
        Assert.IsFalse(set.TryGetNext(12, out _));

        Assert.IsTrue(set.Remove(3));
        Assert.IsFalse(set.Remove(3));
        Assert.AreEqual(7, set.Min);
        Assert.AreEqual(12, set.Max);
        Assert.IsFalse(set.Add(8), "already present");
        Assert.AreEqual(3, set.Count);
    }

    [TestMethod]
    public void Operations_RandomMix_SameAnswersAsSortedSet()
    {
        var random = new Random(20261206);
        var set = new SequenceSet();
        var model = new SortedSet<long>();
        long next = 0;
        for (var step = 0; step < 20_000; step++)
        {
            switch (random.Next(6))
            {
                case 0 or 1: // append (the usual case)
                    next += random.Next(1, 4);
                    Assert.AreEqual(model.Add(next), set.Add(next));
                    break;
                case 2: // out of order, as recovery may add
                    var any = random.NextInt64(0, next + 2);
                    Assert.AreEqual(model.Add(any), set.Add(any));
                    break;
                case 3 when model.Count > 0: // acknowledged oldest first
                    Assert.AreEqual(model.Remove(model.Min), set.Remove(set.Min));
                    break;
                case 4: // acknowledged out of order, or unknown
                    var victim = random.NextInt64(0, next + 2);
                    Assert.AreEqual(model.Remove(victim), set.Remove(victim));
                    break;
                default:
                    var after = random.NextInt64(-1, next + 2);
                    var expected = model.Count > 0 && model.Max > after ? model.GetViewBetween(after + 1, model.Max).Min : -1;
                    Assert.AreEqual(expected >= 0, set.TryGetNext(after, out var found));
                    Assert.AreEqual(expected, found);
                    break;
            }

            Assert.AreEqual(model.Count, set.Count);
            if (model.Count > 0)
            {
                Assert.AreEqual(model.Min, set.Min);
                Assert.AreEqual(model.Max, set.Max);
            }
        }
    }
}
