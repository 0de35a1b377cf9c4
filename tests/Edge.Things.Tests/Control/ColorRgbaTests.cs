using Edge.Things.Control;

namespace Edge.Things.Tests.Control;

[TestClass]
public sealed class ColorRgbaTests
{
    [TestMethod]
    public void Parse_SixHexDigits_HasNoAlpha()
    {
        ColorRgba color = ColorRgba.Parse("ff8000");

        Assert.AreEqual(new ColorRgba(255, 128, 0), color);
        Assert.AreEqual("FF8000", color.ToString());
    }

    [TestMethod]
    public void Parse_EightHexDigits_HasAlpha()
    {
        ColorRgba color = ColorRgba.Parse("11223344");

        Assert.AreEqual(new ColorRgba(0x11, 0x22, 0x33, 0x44), color);
        Assert.AreEqual("11223344", color.ToString());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("12345")]
    [DataRow("GG0000")]
    [DataRow("#FF0000")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.IsFalse(ColorRgba.TryParse(text, out _));
    }

    [TestMethod]
    public void Parse_Malformed_ThrowsFormatExceptionQuotingText()
    {
        FormatException e = Assert.ThrowsExactly<FormatException>(() => ColorRgba.Parse("nope"));

        StringAssert.Contains(e.Message, "'nope'");
    }
}
