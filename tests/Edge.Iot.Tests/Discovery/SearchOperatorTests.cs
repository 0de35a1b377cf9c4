using Edge.Iot.Discovery;

namespace Edge.Iot.Tests.Discovery;

/// <summary>The operators of XEP-0347 §Search on one thing's tags.</summary>
[TestClass]
public sealed class SearchOperatorTests
{
    private static readonly List<MetaTag> Thing = [MetaTag.String("SN", "394872348732948723"), MetaTag.Numeric("V", 1.2)];

    [TestMethod]
    [DataRow(SearchOperatorKind.StrEq, "394872348732948723", true)]
    [DataRow(SearchOperatorKind.StrEq, "394872348732948724", false)]
    [DataRow(SearchOperatorKind.StrNEq, "x", true)]
    [DataRow(SearchOperatorKind.StrGt, "3", true)]
    [DataRow(SearchOperatorKind.StrGt, "394872348732948723", false)]
    [DataRow(SearchOperatorKind.StrGtEq, "394872348732948723", true)]
    [DataRow(SearchOperatorKind.StrLt, "4", true)]
    [DataRow(SearchOperatorKind.StrLtEq, "394872348732948723", true)]
    [DataRow(SearchOperatorKind.StrLtEq, "39", false)]
    public void Matches_StringComparison_Ordinal(SearchOperatorKind kind, string value, bool expected) =>
        Assert.AreEqual(expected, SearchOperator.String(kind, "sn", value).Matches(Thing));

    [TestMethod]
    [DataRow(SearchOperatorKind.NumEq, 1.2, true)]
    [DataRow(SearchOperatorKind.NumNEq, 1.2, false)]
    [DataRow(SearchOperatorKind.NumGt, 1.0, true)]
    [DataRow(SearchOperatorKind.NumGtEq, 1.2, true)]
    [DataRow(SearchOperatorKind.NumLt, 1.2, false)]
    [DataRow(SearchOperatorKind.NumLtEq, 1.2, true)]
    public void Matches_NumericComparison(SearchOperatorKind kind, double value, bool expected) =>
        Assert.AreEqual(expected, SearchOperator.Numeric(kind, "V", value).Matches(Thing));

    [TestMethod]
    [DataRow(1.0, true, 2.0, false, true)]
    [DataRow(1.2, false, 2.0, true, false)]
    [DataRow(1.2, true, 1.2, true, true)]
    [DataRow(0.0, true, 1.2, false, false)]
    public void Matches_NumericRangeAndItsNegation(double min, bool minIncluded, double max, bool maxIncluded, bool inside)
    {
        Assert.AreEqual(inside, SearchOperator.NumericRange("V", min, minIncluded, max, maxIncluded).Matches(Thing));
        Assert.AreEqual(!inside, SearchOperator.NumericRange("V", min, minIncluded, max, maxIncluded, outside: true).Matches(Thing));
    }

    [TestMethod]
    [DataRow("39487*", "*", true)]
    [DataRow("*723", "*", true)]
    [DataRow("3948?", "?", true)]
    [DataRow("39487", "*", false)]
    [DataRow("3.4872348732948723", "*", false)]
    [DataRow("39%48%23", "%", true)]
    public void Matches_Mask_WildcardIsAnyRunAndNothingElseIsSpecial(string mask, string wildcard, bool expected) =>
        Assert.AreEqual(expected, SearchOperator.Mask("SN", mask, wildcard).Matches(Thing));

    [TestMethod]
    public void Matches_StringRange_Inclusive()
    {
        Assert.IsTrue(SearchOperator.StringRange("SN", "3", true, "4", true).Matches(Thing));
        Assert.IsFalse(SearchOperator.StringRange("SN", "3", true, "4", true, outside: true).Matches(Thing));
    }

    [TestMethod]
    public void Matches_MissingTagOrOtherType_NoMatch()
    {
        Assert.IsFalse(SearchOperator.String(SearchOperatorKind.StrNEq, "MODEL", "x").Matches(Thing), "a thing without the tag never matches");
        Assert.IsFalse(SearchOperator.String(SearchOperatorKind.StrEq, "V", "1.2").Matches(Thing), "a string operator on a numeric tag");
        Assert.IsFalse(SearchOperator.Numeric(SearchOperatorKind.NumGt, "SN", 0).Matches(Thing), "a numeric operator on a string tag");
    }
}
