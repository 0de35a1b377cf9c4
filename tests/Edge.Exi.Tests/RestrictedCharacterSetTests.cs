using Edge.Exi.Internal.Schema;

namespace Edge.Exi.Tests;

/// <summary>Restricted character sets from pattern facets (EXI 1.0 §7.1.10.1).</summary>
[TestClass]
public sealed class RestrictedCharacterSetTests
{
    [TestMethod]
    public void TryCompute_Xep0325ColorPattern_HasHexDigitsAndTheLiteralAnchors()
    {
        // In XML Schema patterns ^ and $ are ordinary characters: 10 digits, 12 letters, ^ and $.
        Assert.IsTrue(RestrictedCharacterSet.TryCompute("^([0-9a-fA-F]{6})|([0-9a-fA-F]{8})$", out int[] set));

        Assert.AreEqual("$0123456789ABCDEF^abcdef", new string([.. set.Select(c => (char)c)]));
    }

    [TestMethod]
    [DataRow("[a-c-[b]]x", "acx")]
    [DataRow("\\s?[yn]", "\t\n\r ny")]
    [DataRow("[\\-\\]]+", "-]")]
    [DataRow("(ab|cd){2,3}", "abcd")]
    [DataRow("\\.\\?\\*", "*.?")]
    public void TryCompute_FiniteSets_ListTheirCharacters(string pattern, string expected)
    {
        Assert.IsTrue(RestrictedCharacterSet.TryCompute(pattern, out int[] set), pattern);

        Assert.AreEqual(expected, new string([.. set.Select(c => (char)c)]));
    }

    [TestMethod]
    [DataRow("\\d+")]
    [DataRow("[^,]")]
    [DataRow(".*")]
    [DataRow("\\p{L}+")]
    [DataRow("\\w")]
    [DataRow("[\u0100-\u0300]")]
    [DataRow("^\\d+([|]\\w+([.]\\w+)*([|][^,]*)?)?(,\\d+([|]\\w+([.]\\w+)*([|][^,]*)?)?)*$")]
    public void TryCompute_LargeOrOpenSets_HaveNone(string pattern)
    {
        Assert.IsFalse(RestrictedCharacterSet.TryCompute(pattern, out _), pattern);
    }
}
