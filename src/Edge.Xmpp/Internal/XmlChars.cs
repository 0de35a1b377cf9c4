using System.Xml;

namespace Edge.Xmpp.Internal;

/// <summary>What <see cref="XmlScanner.Read"/> found.</summary>
internal enum XmlToken : byte
{
    /// <summary>No more input.</summary>
    End,

    /// <summary><c>&lt;p:name a="v" …&gt;</c> or <c>…/&gt;</c> (XML 1.0 [40] STag, [44] EmptyElemTag).</summary>
    StartTag,

    /// <summary><c>&lt;/p:name&gt;</c> (XML 1.0 [42] ETag).</summary>
    EndTag,

    /// <summary>Character data, references replaced and line ends normalised (XML 1.0 [14] CharData, §2.11).</summary>
    Text,

    /// <summary>A CDATA section's content (XML 1.0 [18] CDSect).</summary>
    CData,
}

/// <summary>One attribute of a start tag as written: its qualified name's parts and its normalised value.</summary>
internal readonly record struct XmlRawAttribute(string Prefix, string LocalName, string Value, int Offset);

/// <summary>What a <see cref="XmlScanner"/> reuses from one parse to the next: the character buffer, the attribute list, the name table.</summary>
internal sealed class XmlScanBuffers
{
    private char[] _chars = new char[256];

    /// <summary>Gets the buffer a name is decoded into before it is atomized.</summary>
    public char[] NameChars { get; private set; } = new char[64];

    public List<XmlRawAttribute> Attributes { get; } = [];

    public XmlNameTable Names { get; set; } = new NameTable();

    /// <summary>Doubles <see cref="NameChars"/>, keeping what it holds.</summary>
    public char[] GrowNameChars()
    {
        var grown = new char[NameChars.Length * 2];
        NameChars.CopyTo(grown, 0);
        return NameChars = grown;
    }

    /// <summary>A buffer of at least <paramref name="bytes"/> characters (UTF-8 never has fewer bytes than UTF-16 code units).</summary>
    public char[] Rent(int bytes)
    {
        if (_chars.Length < bytes)
        {
            _chars = new char[Math.Max(bytes, _chars.Length * 2)];
        }

        return _chars;
    }
}

/// <summary>The character classes of XML 1.0 (Fifth Edition) §2.2, §2.3 the scanner checks against.</summary>
internal static class XmlChars
{
    public static string Printable(byte b) => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"0x{b:X2}";

    /// <summary>[3] S.</summary>
    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>[2] Char.</summary>
    public static bool IsChar(int c) => c is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    /// <summary>[4] NameStartChar, less ':' (Namespaces in XML 1.0 [4] NCName).</summary>
    public static bool IsNameStartChar(int c) => c switch
    {
        < 0x80 => char.IsAsciiLetter((char)c) || c == '_',
        _ => c is (>= 0xC0 and <= 0xD6) or (>= 0xD8 and <= 0xF6) or (>= 0xF8 and <= 0x2FF) or (>= 0x370 and <= 0x37D)
            or (>= 0x37F and <= 0x1FFF) or (>= 0x200C and <= 0x200D) or (>= 0x2070 and <= 0x218F) or (>= 0x2C00 and <= 0x2FEF)
            or (>= 0x3001 and <= 0xD7FF) or (>= 0xF900 and <= 0xFDCF) or (>= 0xFDF0 and <= 0xFFFD) or (>= 0x10000 and <= 0xEFFFF),
    };

    /// <summary>[4a] NameChar, less ':'.</summary>
    public static bool IsNameChar(int c) => IsNameStartChar(c) || c switch
    {
        < 0x80 => char.IsAsciiDigit((char)c) || c is '-' or '.',
        _ => c is 0xB7 or (>= 0x300 and <= 0x36F) or (>= 0x203F and <= 0x2040),
    };
}
