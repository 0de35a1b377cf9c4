using Edge.Xmpp.DataForms;

namespace Edge.Xmpp.Tests.DataForms;

/// <summary>XML Schema lexical forms: what each parser accepts and refuses, and what the writers produce.</summary>
[TestClass]
public sealed class XmlSchemaLexicalTests
{
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");

    [TestMethod]
    public void TryParseBoolean_AcceptsTheFourLexicalForms()
    {
        foreach (var (text, expected) in new[] { ("true", true), ("1", true), ("false", false), (" 0 ", false) })
        {
            Assert.IsTrue(XmlSchemaLexical.TryParseBoolean(text, out var value), text);
            Assert.AreEqual(expected, value, text);
        }

        foreach (var text in new[] { "TRUE", "yes", "", null })
        {
            Assert.IsFalse(XmlSchemaLexical.TryParseBoolean(text, out _), text ?? "null");
        }
    }

    [TestMethod]
    public void TryParseIntAndLong_RefuseFractionsOverflowAndCultureForms()
    {
        Assert.IsTrue(XmlSchemaLexical.TryParseInt("-2147483648", out var min));
        Assert.AreEqual(int.MinValue, min);
        Assert.IsTrue(XmlSchemaLexical.TryParseInt("+50000", out var plus));
        Assert.AreEqual(50000, plus);
        foreach (var text in new[] { "2147483648", "1.0", "1e3", "1,000", "0x10", "" })
        {
            Assert.IsFalse(XmlSchemaLexical.TryParseInt(text, out _), text);
        }

        Assert.IsTrue(XmlSchemaLexical.TryParseLong("500000000000000", out var big));
        Assert.AreEqual(500_000_000_000_000L, big);
        Assert.IsFalse(XmlSchemaLexical.TryParseLong("9223372036854775808", out _));
    }

    [TestMethod]
    public void TryParseDouble_AcceptsXsFormsAndSpecialValues()
    {
        foreach (var (text, expected) in new[] { ("8.192", 8.192), ("-1.5E3", -1500d), (".5", 0.5), ("5.", 5d), ("1e-2", 0.01) })
        {
            Assert.IsTrue(XmlSchemaLexical.TryParseDouble(text, out var value), text);
            Assert.AreEqual(expected, value, text);
        }

        Assert.IsTrue(XmlSchemaLexical.TryParseDouble("INF", out var inf) && double.IsPositiveInfinity(inf));
        Assert.IsTrue(XmlSchemaLexical.TryParseDouble("-INF", out var ninf) && double.IsNegativeInfinity(ninf));
        Assert.IsTrue(XmlSchemaLexical.TryParseDouble("NaN", out var nan) && double.IsNaN(nan));
        foreach (var text in new[] { "Infinity", "nan", "1,5", "1.2.3", "e5", "" })
        {
            Assert.IsFalse(XmlSchemaLexical.TryParseDouble(text, out _), text);
        }
    }

    [TestMethod]
    public void TryParseDateAndTime_ValidateFieldsAndIgnoreZones()
    {
        Assert.IsTrue(XmlSchemaLexical.TryParseDate("2013-05-01", out var date));
        Assert.AreEqual(new DateOnly(2013, 5, 1), date);
        Assert.IsTrue(XmlSchemaLexical.TryParseDate("2024-02-29Z", out _));
        foreach (var text in new[] { "2023-02-29", "2013-13-01", "2013-5-1", "13-05-01", "2013-05-01T00:00:00", "2013-05-01+15:00" })
        {
            Assert.IsFalse(XmlSchemaLexical.TryParseDate(text, out _), text);
        }

        Assert.IsTrue(XmlSchemaLexical.TryParseTime("08:00:00", out var time));
        Assert.AreEqual(new TimeOnly(8, 0), time);
        Assert.IsTrue(XmlSchemaLexical.TryParseTime("23:59:59.1234567891+01:00", out var precise));
        Assert.AreEqual(new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(1234567)), precise);
        foreach (var text in new[] { "24:00:01", "8:00:00", "08:00", "08:60:00", "noon" })
        {
            Assert.IsFalse(XmlSchemaLexical.TryParseTime(text, out _), text);
        }
    }

    [TestMethod]
    public void TryParseDateTime_ZonedUnzonedAndEndOfDay()
    {
        Assert.IsTrue(XmlSchemaLexical.TryParseDateTime("2013-04-02T08:00:00Z", Plus2, out var utc));
        Assert.AreEqual(new DateTimeOffset(2013, 4, 2, 8, 0, 0, TimeSpan.Zero), utc);
        Assert.AreEqual(TimeSpan.Zero, utc.Offset);

        Assert.IsTrue(XmlSchemaLexical.TryParseDateTime("2013-04-02T08:00:00", Plus2, out var local));
        Assert.AreEqual(TimeSpan.FromHours(2), local.Offset, "No zone: the given local zone.");
        Assert.AreEqual(new DateTimeOffset(2013, 4, 2, 6, 0, 0, TimeSpan.Zero), local.ToUniversalTime());

        Assert.IsTrue(XmlSchemaLexical.TryParseDateTime("2003-10-06T11:22:00.5-07:00", Plus2, out var west));
        Assert.AreEqual(new DateTimeOffset(2003, 10, 6, 18, 22, 0, 500, TimeSpan.Zero), west.ToUniversalTime());

        Assert.IsTrue(XmlSchemaLexical.TryParseDateTime("2013-12-31T24:00:00Z", Plus2, out var endOfDay));
        Assert.AreEqual(new DateTimeOffset(2014, 1, 1, 0, 0, 0, TimeSpan.Zero), endOfDay);

        foreach (var text in new[] { "2013-04-02 08:00:00", "2013-04-02T08:00", "2013-04-02T24:00:01Z", "2013-04-02T08:00:00+14:30", "02/04/2013",
            "2013-04-02T08:00:00.", "2013-04-02T08:00:00Zx", "+2013-04-02T08:00:00", "2013-04-02T08:00:00+0100" })
        {
            Assert.IsFalse(XmlSchemaLexical.TryParseDateTime(text, Plus2, out _), text);
        }
    }

    [TestMethod]
    public void TryParseDuration_DaysToFractionsButNoYearsOrMonths()
    {
        var cases = new (string Text, TimeSpan Expected)[]
        {
            ("PT3M30S", TimeSpan.FromSeconds(210)),
            ("P1DT2H", TimeSpan.FromHours(26)),
            ("-PT0.25S", TimeSpan.FromMilliseconds(-250)),
            ("P0Y0M2D", TimeSpan.FromDays(2)),
            ("PT0S", TimeSpan.Zero),
        };
        foreach (var (text, expected) in cases)
        {
            Assert.IsTrue(XmlSchemaLexical.TryParseDuration(text, out var value), text);
            Assert.AreEqual(expected, value, text);
        }

        Assert.IsTrue(XmlSchemaLexical.TryParseDuration("P1DT2H3M4.5S", out var all));
        Assert.AreEqual(new TimeSpan(1, 2, 3, 4, 500), all);
        foreach (var text in new[] { "P1M", "P1Y", "P", "PT", "P1DT", "3M", "PT1.5M", "P99999999999999999999D", "P1D1D", "PT1S2M", "P1H", "P-1D", "PT.5S" })
        {
            Assert.IsFalse(XmlSchemaLexical.TryParseDuration(text, out _), text);
        }
    }

    [TestMethod]
    public void Format_EveryType_IsTheLexicalFormTheParsersReadBack()
    {
        Assert.AreEqual("true", XmlSchemaLexical.Format(true));
        Assert.AreEqual("-5", XmlSchemaLexical.Format(-5));
        Assert.AreEqual("500000000000000", XmlSchemaLexical.Format(500_000_000_000_000L));
        Assert.AreEqual("8.192", XmlSchemaLexical.Format(8.192));
        Assert.AreEqual("INF", XmlSchemaLexical.Format(double.PositiveInfinity));
        Assert.AreEqual("2013-05-01", XmlSchemaLexical.Format(new DateOnly(2013, 5, 1)));
        Assert.AreEqual("08:00:00", XmlSchemaLexical.Format(new TimeOnly(8, 0)));
        Assert.AreEqual("08:00:00.5", XmlSchemaLexical.Format(new TimeOnly(8, 0, 0, 500)));
        Assert.AreEqual("PT3M30S", XmlSchemaLexical.Format(TimeSpan.FromSeconds(210)));
        Assert.AreEqual("P400D", XmlSchemaLexical.Format(TimeSpan.FromDays(400)));
        Assert.AreEqual("2013-04-02T08:00:00Z", XmlSchemaLexical.Format(new DateTimeOffset(2013, 4, 2, 8, 0, 0, TimeSpan.Zero)));
        Assert.AreEqual("2013-04-02T08:00:00.25+02:00",
            XmlSchemaLexical.Format(new DateTimeOffset(2013, 4, 2, 8, 0, 0, 250, TimeSpan.FromHours(2))));

        var stamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(1234567);
        Assert.IsTrue(XmlSchemaLexical.TryParseDateTime(XmlSchemaLexical.Format(stamp), TimeZoneInfo.Utc, out var back));
        Assert.AreEqual(stamp, back);
        Assert.AreEqual(stamp.Offset, back.Offset);
    }
}
