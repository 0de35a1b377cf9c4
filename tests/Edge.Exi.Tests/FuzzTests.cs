namespace Edge.Exi.Tests;

/// <summary>Mutated valid streams must end in a clean <see cref="ExiException"/> or decode to a document.</summary>
[TestClass]
public sealed class FuzzTests
{
    private const int MutationsPerVector = 300;

    public static IEnumerable<object[]> Cases => Vectors.AllCases();

    public static IEnumerable<object[]> SchemaCases => Vectors.SchemaCases(exact: false);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Decode_MutatedVector_ThrowsOnlyExiExceptionOrDecodes(string name, string mode) => Fuzz(name, mode);

    [TestMethod]
    [DynamicData(nameof(SchemaCases))]
    public void Decode_MutatedSchemaInformedVector_ThrowsOnlyExiExceptionOrDecodes(string name, string mode) => Fuzz(name, mode);

    private static void Fuzz(string name, string mode)
    {
        byte[] valid = Vectors.Exi(name, mode);
        // A fixed seed per case (string.GetHashCode is randomised per process): failures reproduce.
        var random = new Random(name.Length * 7919 + mode.Length * 104729 + valid.Length);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < MutationsPerVector; i++)
        {
            byte[] mutated = Mutate(valid, random);
            ExiOptions options = Vectors.Options(name, mode);
            options.MaxStringLength = 4096;
            options.MaxDepth = 64;
            try
            {
                string xml = ExiCodec.DecodeToXml(mutated, options);
                Assert.IsNotNull(xml);
                decoded++;
            }
            catch (ExiException ex)
            {
                Assert.IsGreaterThanOrEqualTo(0, ex.BitOffset, ex.Message);
                rejected++;
            }
        }

        Assert.AreEqual(MutationsPerVector, decoded + rejected);
        Assert.IsGreaterThan(0, rejected, "mutations should be caught");
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        byte[] copy = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                int flips = 1 + random.Next(4);
                for (int f = 0; f < flips; f++)
                {
                    int bit = random.Next(copy.Length * 8);
                    copy[bit / 8] ^= (byte)(0x80 >> (bit % 8));
                }

                return copy;
            case 1:
                return copy[..random.Next(copy.Length)];
            case 2:
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            default:
                int at = random.Next(1, copy.Length);
                byte[] noise = new byte[1 + random.Next(8)];
                random.NextBytes(noise);
                return [.. copy[..at], .. noise, .. copy[at..]];
        }
    }
}
