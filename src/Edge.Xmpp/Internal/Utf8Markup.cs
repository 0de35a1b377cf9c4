using System.Buffers;
using System.Text;

namespace Edge.Xmpp.Internal;

/// <summary>
/// The escaping and UTF-8 core every outgoing stanza is written with, whether it comes as an <c>XElement</c>
/// (<see cref="StanzaWriter"/>) or writes itself (<see cref="XmlStanzaWriter"/>): names, escaped text and attribute
/// values, namespace declarations, straight into the connection's buffer with no intermediate string.
/// </summary>
/// <remarks>
/// Text and attribute values are escaped (<c>&amp; &lt; &gt;</c>, quotes in attributes, and tab/CR/LF in attributes as
/// character references so attribute-value normalisation keeps them). Characters XML 1.0 forbids (§2.2: controls other
/// than tab, CR, LF) are refused with <see cref="ArgumentException"/>, as <c>XmlWriter</c> does.
/// </remarks>
internal static class Utf8Markup
{
    // Characters that need an escape, and the ones XML forbids (all controls are listed; tab/LF/CR are escaped in
    // attributes and written as they are in text).
    public static readonly SearchValues<char> TextSpecial = SearchValues.Create(
        "&<>\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    public static readonly SearchValues<char> AttributeSpecial = SearchValues.Create(
        "&<>\"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    public static void Name(IBufferWriter<byte> output, string? prefix, string localName)
    {
        if (prefix is not null)
        {
            Utf8(output, prefix);
            Ascii(output, ":");
        }

        Utf8(output, localName);
    }

    /// <summary>Writes <c> name="value"</c>, the value escaped.</summary>
    public static void Attribute(IBufferWriter<byte> output, string? prefix, string name, ReadOnlySpan<char> value)
    {
        Ascii(output, " ");
        Name(output, prefix, name);
        Ascii(output, "=\"");
        Escaped(output, value, AttributeSpecial);
        Ascii(output, "\"");
    }

    /// <summary>Writes <c> xmlns:prefix="ns"</c>.</summary>
    public static void Declare(IBufferWriter<byte> output, string prefix, string ns)
    {
        Ascii(output, " xmlns:");
        Utf8(output, prefix);
        Ascii(output, "=\"");
        Escaped(output, ns, AttributeSpecial);
        Ascii(output, "\"");
    }

    /// <summary>Writes <c> xmlns="ns"</c> (after the attributes, where <c>XmlWriter</c> puts it too).</summary>
    public static void DeclareDefault(IBufferWriter<byte> output, string ns)
    {
        Ascii(output, " xmlns=\"");
        Escaped(output, ns, AttributeSpecial);
        Ascii(output, "\"");
    }

    public static void Escaped(IBufferWriter<byte> output, ReadOnlySpan<char> value, SearchValues<char> special)
    {
        var rest = value;
        while (true)
        {
            var i = rest.IndexOfAny(special);
            if (i < 0)
            {
                Utf8(output, rest);
                return;
            }

            Utf8(output, rest[..i]);
            var c = rest[i];
            Ascii(output, c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\t' => "&#x9;",
                '\n' => "&#xA;",
                '\r' => "&#xD;",
                _ => throw new ArgumentException($"The character U+{(int)c:X4} is not allowed in XML (XML 1.0 §2.2).", nameof(value)),
            });
            rest = rest[(i + 1)..];
        }
    }

    public static void Utf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    public static void Ascii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }
}
