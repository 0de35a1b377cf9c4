using System.IO.Compression;
using Edge.Exi.Internal;

namespace Edge.Exi.Tests;

[TestClass]
public sealed class InflaterTests
{
    [TestMethod]
    [DataRow(CompressionLevel.NoCompression)]
    [DataRow(CompressionLevel.Fastest)]
    [DataRow(CompressionLevel.Optimal)]
    [DataRow(CompressionLevel.SmallestSize)]
    public void Inflate_BackToBackStreams_EachStopsAtItsEnd(CompressionLevel level)
    {
        byte[] first = Data(70_000, seed: 1);
        byte[] second = Data(3_000, seed: 2);
        byte[] joined = [.. Deflate(first, level), .. Deflate(second, level), 0xAB];
        var source = new PrefixedStream([], 0, 0, new MemoryStream(joined));

        CollectionAssert.AreEqual(first, Inflater.Inflate(source, 1 << 20).ToArray());
        CollectionAssert.AreEqual(second, Inflater.Inflate(source, 1 << 20).ToArray());
        Assert.AreEqual(0xAB, source.ReadByte(), "the byte after the second stream is left unread");
    }

    [TestMethod]
    public void Inflate_BeyondBound_ThrowsExiException()
    {
        byte[] bomb = Deflate(new byte[1 << 20], CompressionLevel.SmallestSize);
        var source = new PrefixedStream([], 0, 0, new MemoryStream(bomb));

        var ex = Assert.ThrowsExactly<ExiException>(() => Inflater.Inflate(source, 1 << 16));

        StringAssert.Contains(ex.Message, "inflates beyond");
    }

    [TestMethod]
    public void Inflate_TruncatedOrCorrupt_ThrowsExiException()
    {
        byte[] valid = Deflate(Data(5_000, seed: 3), CompressionLevel.Optimal);
        var random = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            byte[] bad = (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                bad = bad[..random.Next(bad.Length)];
            }
            else
            {
                bad[random.Next(bad.Length)] ^= (byte)(1 << random.Next(8));
            }

            try
            {
                Inflater.Inflate(new PrefixedStream([], 0, 0, new MemoryStream(bad)), 1 << 20);
            }
            catch (ExiException ex)
            {
                Assert.IsGreaterThanOrEqualTo(0, ex.BitOffset);
            }
        }
    }

    private static byte[] Data(int length, int seed)
    {
        var random = new Random(seed);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            // Text-like: a small alphabet with repeats, so every kind of block and back-reference shows up.
            data[i] = i > 50 && random.Next(3) == 0 ? data[i - 1 - random.Next(40)] : (byte)('a' + random.Next(20));
        }

        return data;
    }

    private static byte[] Deflate(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, level, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }
}
