using System.Buffers;
using System.Numerics;
using System.Text;

namespace Edge.Exi.Internal.Schema.Model;

/// <summary>
/// The layout of a grammar file (one schema document's <see cref="XsdSchema"/> components, see ExiGrammarFile):
/// <code>
/// "EXIG" version:u  sourceLength:u sourceMd5:16 targetNamespace:s  imports:n×(namespace:s location:s)
/// strings:n×(utf8)  names:n×(uri:s local:s)
/// wildcards:n×record  elements:n×record  attributes:n×record  types:n kinds:n×byte then n×(simple|complex record)
/// globals: elements:n×u attributes:n×u types:n×u
/// </code>
/// u is an unsigned LEB128 varint, s a string-table index. A reference is 0 (none), 2i+1 (record i of this file)
/// or 2k+2 (the global component of name k, resolved when files are composed: another file's, or a built-in type).
/// </summary>
internal static class GrammarFileFormat
{
    public const int Version = 1;

    public static ReadOnlySpan<byte> Magic => "EXIG"u8;

    public const byte SimpleKind = 0;
    public const byte ComplexKind = 1;

    public const byte ElementParticle = 0;
    public const byte WildcardParticle = 1;
    public const byte SequenceGroup = 2;
    public const byte ChoiceGroup = 3;
    public const byte AllGroup = 4;
}

/// <summary>Writes the primitives of a grammar file.</summary>
internal sealed class GrammarBuffer
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    public void Byte(byte value) => _bytes.Write([value]);

    public void Bytes(ReadOnlySpan<byte> value) => _bytes.Write(value);

    public void Unsigned(ulong value)
    {
        while (value >= 0x80)
        {
            Byte((byte)(value | 0x80));
            value >>= 7;
        }

        Byte((byte)value);
    }

    public void Count(int value) => Unsigned((ulong)value);

    public void Big(BigInteger value)
    {
        byte[] bytes = value.ToByteArray();
        Count(bytes.Length);
        Bytes(bytes);
    }

    public void Text(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        Count(bytes.Length);
        Bytes(bytes);
    }

    public byte[] ToArray() => _bytes.WrittenSpan.ToArray();
}

/// <summary>Reads the primitives of a grammar file; anything out of place is an <see cref="ExiSchemaException"/> naming the file and byte.</summary>
internal sealed class GrammarCursor(byte[] bytes, string name)
{
    private int _position;

    public bool AtEnd => _position == bytes.Length;

    public string Name => name;

    public ExiSchemaException Corrupt(string what) =>
        new($"EXI grammar file '{name}' is corrupt: {what} at byte {_position}; compile the schema again (edge-gateway exi compile SCHEMA.xsd).");

    public byte Byte() => _position < bytes.Length ? bytes[_position++] : throw Corrupt("it ends early");

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0 || count > bytes.Length - _position)
        {
            throw Corrupt("it ends early");
        }

        var span = new ReadOnlySpan<byte>(bytes, _position, count);
        _position += count;
        return span;
    }

    public ulong Unsigned()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Corrupt("an overlong number");
    }

    /// <summary>A count or index, bounded by <paramref name="limit"/> (exclusive) so a bad file cannot ask for huge arrays.</summary>
    public int Count(int limit = 1 << 24)
    {
        ulong value = Unsigned();
        return value < (ulong)limit ? (int)value : throw Corrupt($"a count or index {value} out of range");
    }

    public BigInteger Big() => new(Bytes(Count(64)));

    public string Text() => Encoding.UTF8.GetString(Bytes(Count(bytes.Length + 1)));
}
