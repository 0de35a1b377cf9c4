using Edge.Agent.DemandResponse.OpenAdr.Internal;

namespace Edge.Agent.Tests.DemandResponse.OpenAdr;

[TestClass]
public sealed class XcalValuesTests
{
    [TestMethod]
    [DataRow("PT1H30M", 5_400L)]
    [DataRow("P1D", 86_400L)]
    [DataRow("P1W", 604_800L)]
    [DataRow("PT0S", 0L)]
    [DataRow("P0D", 0L)]
    [DataRow("+PT5M", 300L)]
    [DataRow("P1DT2H3M4S", 93_784L)]
    [DataRow("PT90M", 5_400L)]
    [DataRow("PT1H30S", 3_630L)]
    [DataRow("PT86400S", 86_400L)]
    [DataRow("P", 0L)]
    [DataRow("PT", 0L)]
    public void TryParseDuration_Valid_Seconds(string text, long seconds)
    {
        Assert.IsTrue(XcalValues.TryParseDuration(text, out TimeSpan value, out string? reason), reason);
        Assert.AreEqual(TimeSpan.FromSeconds(seconds), value);
    }

    [TestMethod]
    [DataRow("", "a duration starts with 'P'")]
    [DataRow("1H", "a duration starts with 'P'")]
    [DataRow("1W", "a duration starts with 'P'")]
    [DataRow("pt1h", "a duration starts with 'P'")]
    [DataRow("P1DT", "'T' without hours, minutes or seconds")]
    [DataRow("P1X", "unknown unit 'X'")]
    [DataRow("PT1D", "unknown unit 'D'")]
    [DataRow("P1H", "unknown unit 'H'")]
    [DataRow("-PT1H", "negative durations are not allowed")]
    [DataRow("P1M", "years and months have no fixed length")]
    [DataRow("P1Y", "years and months have no fixed length")]
    [DataRow("PT1M1H", "units out of order")]
    [DataRow("PT1H2H", "units out of order")]
    [DataRow("P1W2D", "a week duration stands alone")]
    [DataRow("P1WT1H", "misplaced 'T'")]
    [DataRow("PT1H T", "expected a number at ' T'")]
    [DataRow("PT1.5S", "unknown unit '.'")]
    [DataRow("PT1", "a number has no unit")]
    [DataRow("P1234567890D", "a number is too long")]
    [DataRow("P999999999W", "the duration is too long")]
    [DataRow("PTT1H", "misplaced 'T'")]
    public void TryParseDuration_Invalid_Reason(string text, string expected)
    {
        Assert.IsFalse(XcalValues.TryParseDuration(text, out _, out string? reason));
        Assert.AreEqual(expected, reason);
    }

    [TestMethod]
    public void FormatDuration_Values_ShortestForm()
    {
        Assert.AreEqual("PT0S", XcalValues.FormatDuration(TimeSpan.Zero));
        Assert.AreEqual("PT1H30M", XcalValues.FormatDuration(TimeSpan.FromMinutes(90)));
        Assert.AreEqual("P1D", XcalValues.FormatDuration(TimeSpan.FromDays(1)));
        Assert.AreEqual("P1DT2H3M4S", XcalValues.FormatDuration(new TimeSpan(1, 2, 3, 4)));
        Assert.AreEqual("P400DT1S", XcalValues.FormatDuration(TimeSpan.FromDays(400) + TimeSpan.FromSeconds(1)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => XcalValues.FormatDuration(TimeSpan.FromSeconds(-1)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => XcalValues.FormatDuration(TimeSpan.FromMilliseconds(10)));
    }

    [TestMethod]
    [DataRow("2026-12-07T17:00:00Z", 0)]
    [DataRow("2026-12-07T17:00:00.5Z", 5_000_000)]
    [DataRow("2026-12-07T17:00:00.1234567Z", 1_234_567)]
    [DataRow("2026-12-07T17:00:00.250000Z", 2_500_000)]
    public void TryParseDateTime_Utc_Read(string text, int fractionTicks)
    {
        Assert.IsTrue(XcalValues.TryParseDateTime(text, out DateTimeOffset value, out string? reason), reason);
        Assert.AreEqual(new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.Zero).AddTicks(fractionTicks), value);
        Assert.AreEqual(TimeSpan.Zero, value.Offset);
        Assert.AreEqual(text.Replace("0000Z", "Z", StringComparison.Ordinal), XcalValues.FormatDateTime(value), "written back, trailing zeros dropped");
    }

    [TestMethod]
    [DataRow("2026-12-07T17:00:00", "a date-time must be UTC, ending in 'Z'")]
    [DataRow("2026-12-07T17:00:00+00:00", "a date-time must be UTC, ending in 'Z'")]
    [DataRow("", "a date-time must be UTC, ending in 'Z'")]
    [DataRow("2026-12-07 17:00:00Z", "not a date-time of the form yyyy-MM-ddTHH:mm:ssZ")]
    [DataRow("2026-12-07T25:00:00Z", "not a date-time of the form yyyy-MM-ddTHH:mm:ssZ")]
    [DataRow("2026-12-07T17:00Z", "not a date-time of the form yyyy-MM-ddTHH:mm:ssZ")]
    [DataRow("26-12-07T17:00:00Z", "not a date-time of the form yyyy-MM-ddTHH:mm:ssZ")]
    [DataRow("2026-12-07T17:00:00.12345678Z", "not a date-time of the form yyyy-MM-ddTHH:mm:ssZ")]
    [DataRow("Z", "not a date-time of the form yyyy-MM-ddTHH:mm:ssZ")]
    public void TryParseDateTime_Invalid_Reason(string text, string expected)
    {
        Assert.IsFalse(XcalValues.TryParseDateTime(text, out _, out string? reason));
        Assert.AreEqual(expected, reason);
    }
}
