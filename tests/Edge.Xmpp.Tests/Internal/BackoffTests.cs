using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

[TestClass]
public sealed class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);

    [TestMethod]
    public void Next_LowestJitter_HalfOfADoublingCeilingUpToTheCap()
    {
        var backoff = new Backoff(Initial, Cap, new FixedRandom(0.0));

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds).ToArray();

        CollectionAssert.AreEqual(new[] { 0.5, 1, 2, 4, 8, 16, 30, 30, 30 }, delays);
    }

    [TestMethod]
    public void Next_HighestJitter_TheDoublingCeilingUpToTheCap()
    {
        var backoff = new Backoff(Initial, Cap, new FixedRandom(1.0));

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds).ToArray();

        CollectionAssert.AreEqual(new[] { 1.0, 2, 4, 8, 16, 32, 60, 60, 60 }, delays);
    }

    [TestMethod]
    public void Next_SeededRandom_EachDelayWithinHalfToFullCeilingAndJittered()
    {
        var backoff = new Backoff(Initial, Cap, new Random(42));
        var fractions = new List<double>();

        for (var attempt = 0; attempt < 40; attempt++)
        {
            var ceiling = Math.Min(Cap.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, attempt));
            var delay = backoff.Next().TotalMilliseconds;

            Assert.IsTrue(delay >= ceiling / 2 && delay <= ceiling, $"Attempt {attempt}: {delay} ms outside [{ceiling / 2}, {ceiling}].");
            fractions.Add(delay / ceiling);
        }

        Assert.IsTrue(fractions.Distinct().Count() > 30, "Delays are jittered, not a fixed fraction of the ceiling.");
    }

    [TestMethod]
    public void Next_ManyAttempts_NeverExceedsCapOrOverflows()
    {
        var backoff = new Backoff(Initial, Cap, new FixedRandom(1.0));

        for (var i = 0; i < 1000; i++)
        {
            backoff.Next();
        }

        Assert.AreEqual(Cap, backoff.Next());
    }

    [TestMethod]
    public void Reset_AfterGrowth_StartsOverFromInitial()
    {
        var backoff = new Backoff(Initial, Cap, new FixedRandom(1.0));
        for (var i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.AreEqual(Initial, backoff.Next());
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
