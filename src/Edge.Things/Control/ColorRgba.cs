using System.Globalization;

namespace Edge.Things.Control;

/// <summary>
/// A colour control value (XEP-0325 <c>color</c>): red, green, blue and an optional alpha. Its text form is the
/// XEP's hexadecimal <c>RRGGBB</c>, or <c>RRGGBBAA</c> when an alpha channel is present.
/// </summary>
public readonly record struct ColorRgba(byte Red, byte Green, byte Blue, byte? Alpha = null)
{
    /// <summary>Parses <c>RRGGBB</c> or <c>RRGGBBAA</c> (hex digits, either case).</summary>
    public static bool TryParse(string? text, out ColorRgba color)
    {
        color = default;
        if (text is null || (text.Length != 6 && text.Length != 8))
        {
            return false;
        }

        if (!uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint raw))
        {
            return false;
        }

        color = text.Length == 6
            ? new ColorRgba((byte)(raw >> 16), (byte)(raw >> 8), (byte)raw)
            : new ColorRgba((byte)(raw >> 24), (byte)(raw >> 16), (byte)(raw >> 8), (byte)raw);
        return true;
    }

    /// <summary>Parses <c>RRGGBB</c> or <c>RRGGBBAA</c>; throws <see cref="FormatException"/> naming the bad text.</summary>
    public static ColorRgba Parse(string text) =>
        TryParse(text, out ColorRgba color)
            ? color
            : throw new FormatException($"'{text}' is not a colour: expected RRGGBB or RRGGBBAA in hexadecimal.");

    /// <summary>The hexadecimal text form, upper case.</summary>
    public override string ToString() => Alpha is byte a
        ? string.Create(CultureInfo.InvariantCulture, $"{Red:X2}{Green:X2}{Blue:X2}{a:X2}")
        : string.Create(CultureInfo.InvariantCulture, $"{Red:X2}{Green:X2}{Blue:X2}");
}
