namespace Edge.Exi.Tests;

/// <summary>Hand-assembles bit-packed test input, most significant bit first.</summary>
internal sealed class BitBuilder
{
    private readonly List<bool> _bits = [];

    public void Add(int value, int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            _bits.Add(((value >> i) & 1) != 0);
        }
    }

    public byte[] ToArray()
    {
        byte[] bytes = new byte[(_bits.Count + 7) / 8];
        for (int i = 0; i < _bits.Count; i++)
        {
            if (_bits[i])
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        return bytes;
    }
}
