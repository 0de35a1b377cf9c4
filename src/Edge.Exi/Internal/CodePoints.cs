namespace Edge.Exi.Internal;

/// <summary>Counting Unicode code points: EXI string lengths are in characters, not UTF-16 units (§7.1.10).</summary>
internal static class CodePoints
{
    public static int Count(string value)
    {
        int count = value.Length;
        for (int i = 0; i + 1 < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && char.IsLowSurrogate(value[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    /// <summary>Gets the number of bits needed to hold values 0..count-1, ⌈log2 count⌉ (0 for count ≤ 1).</summary>
    public static int BitsFor(int count)
    {
        int bits = 0;
        while ((1 << bits) < count)
        {
            bits++;
        }

        return bits;
    }
}
