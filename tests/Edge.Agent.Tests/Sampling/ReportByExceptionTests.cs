using Edge.Agent.Sampling;
using Edge.Things;

namespace Edge.Agent.Tests.Sampling;

[TestClass]
public sealed class ReportByExceptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    private static Reading Read(string node, int second, double value, FieldQoS qos = FieldQoS.AutomaticReadout, bool on = false) =>
        new(new ThingReference(node), T0.AddSeconds(second),
        [
            new Field("Power", new NumericValue(value, "W", 1), T0.AddSeconds(second), ReadoutTypes.Momentary, qos),
            new Field("On", new BooleanValue(on), T0.AddSeconds(second), ReadoutTypes.Status),
        ], second);

    private static ReportByException Filter(TimeSpan heartbeat, params (string Key, double Absolute, double Relative)[] deadbands)
    {
        var options = new ReportingOptions { Heartbeat = heartbeat };
        foreach (var (key, absolute, relative) in deadbands)
        {
            options.Deadbands[key] = new DeadbandOptions { Absolute = absolute, Relative = relative };
        }

        return new ReportByException(options);
    }

    [TestMethod]
    public void ShouldReport_NodeWithoutDeadband_EverySample()
    {
        var filter = Filter(TimeSpan.FromMinutes(15), ("other", 5, 0));

        Assert.IsTrue(filter.ShouldReport(Read("meter", 0, 100)));
        Assert.IsTrue(filter.ShouldReport(Read("meter", 1, 100)));
    }

    [TestMethod]
    public void ShouldReport_AbsoluteDeadband_OnlyMovesPastIt()
    {
        var filter = Filter(TimeSpan.FromMinutes(15), ("meter", 5, 0));

        Assert.IsTrue(filter.ShouldReport(Read("meter", 0, 100)), "the first reading");
        Assert.IsFalse(filter.ShouldReport(Read("meter", 1, 104)));
        Assert.IsFalse(filter.ShouldReport(Read("meter", 2, 95)), "compared with the last reported value, not the last sample");
        Assert.IsTrue(filter.ShouldReport(Read("meter", 3, 105.5)));
        Assert.IsFalse(filter.ShouldReport(Read("meter", 4, 101)));
    }

    [TestMethod]
    public void ShouldReport_RelativeDeadband_ScalesWithTheValue()
    {
        var filter = Filter(TimeSpan.FromMinutes(15), ("meter/Power", 0, 0.1));

        Assert.IsTrue(filter.ShouldReport(Read("meter", 0, 1000)));
        Assert.IsFalse(filter.ShouldReport(Read("meter", 1, 1090)));
        Assert.IsTrue(filter.ShouldReport(Read("meter", 2, 1101)));
    }

    [TestMethod]
    public void ShouldReport_Heartbeat_QuietSensorStillReports()
    {
        var filter = Filter(TimeSpan.FromSeconds(60), ("meter", 5, 0));

        Assert.IsTrue(filter.ShouldReport(Read("meter", 0, 100)));
        Assert.IsFalse(filter.ShouldReport(Read("meter", 59, 100)));
        Assert.IsTrue(filter.ShouldReport(Read("meter", 60, 100)));
        Assert.IsFalse(filter.ShouldReport(Read("meter", 61, 100)));
    }

    [TestMethod]
    public void ShouldReport_NonNumericChangeOrQualityChange_AlwaysReported()
    {
        var filter = Filter(TimeSpan.FromMinutes(15), ("meter", 5, 0));

        Assert.IsTrue(filter.ShouldReport(Read("meter", 0, 100)));
        Assert.IsTrue(filter.ShouldReport(Read("meter", 1, 100, on: true)), "a boolean changed");
        Assert.IsTrue(filter.ShouldReport(Read("meter", 2, 100, FieldQoS.Missing | FieldQoS.Error, on: true)), "the sensor failed");
        Assert.IsFalse(filter.ShouldReport(Read("meter", 3, 100, FieldQoS.Missing | FieldQoS.Error, on: true)));
    }

    [TestMethod]
    public void Validate_BadDeadbands_EachNamed()
    {
        var options = new ReportingOptions { Heartbeat = TimeSpan.Zero };
        options.Deadbands["a/b/c"] = new DeadbandOptions { Absolute = -1 };
        options.Deadbands["ok"] = new DeadbandOptions { Relative = 11 };

        var errors = options.Validate().ToList();

        Assert.AreEqual(4, errors.Count, string.Join("\n", errors));
        Assert.IsTrue(errors.Any(e => e.Contains("Agent:Reporting:Heartbeat", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Any(e => e.Contains("Agent:Reporting:Deadbands:a/b/c must be", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Any(e => e.Contains("Agent:Reporting:Deadbands:a/b/c:Absolute -1", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Any(e => e.Contains("Agent:Reporting:Deadbands:ok:Relative 11", StringComparison.Ordinal)));
    }
}
