using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>The shared vectors (firmware-bridge/vectors/frames.txt), also run by firmware-bridge/tests/test_vectors.c.</summary>
[TestClass]
public sealed class BridgeVectorTests
{
    public static IEnumerable<object[]> Vectors => Vector.Load(FirmwareBridgeFiles.VectorsPath).Select(v => new object[] { v.Name });

    [TestMethod]
    public void Load_SharedVectorFile_HasEveryKindOfCase()
    {
        IReadOnlyList<Vector> vectors = Vector.Load(FirmwareBridgeFiles.VectorsPath);

        Assert.IsTrue(vectors.Count >= 40, $"only {vectors.Count} vectors");
        string[] all = vectors.SelectMany(v => v.Expected).ToArray();
        string[] kinds = ["error: crc", "error: cobs", "error: runt", "error: oversize", "error: unknown", "error: malformed"];
        foreach (string kind in kinds)
        {
            CollectionAssert.Contains(all, kind);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Push_SharedVector_DecodesAsExpectedAndReencodesToSameBytes(string name)
    {
        Vector vector = Vector.Load(FirmwareBridgeFiles.VectorsPath).Single(v => v.Name == name);
        var reader = new BridgeFrameReader();
        var results = new List<string>();
        int segmentStart = 0;

        for (int i = 0; i < vector.Wire.Length; i++)
        {
            bool ended = reader.Push(vector.Wire[i], out BridgeFrame? frame, out BridgeFrameError error);
            if (frame is not null)
            {
                byte[] reencoded = BridgeFrameCodec.Encode(frame);
                CollectionAssert.AreEqual(vector.Wire[segmentStart..(i + 1)], reencoded, $"re-encoding {VectorText.Format(frame)}");
            }

            if (vector.Wire[i] == 0)
            {
                segmentStart = i + 1;
            }

            if (ended)
            {
                results.Add(frame is not null ? "frame: " + VectorText.Format(frame) : "error: " + VectorText.Error(error));
            }
        }

        CollectionAssert.AreEqual(vector.Expected.ToArray(), results.ToArray(),
            $"\nexpected:\n{string.Join('\n', vector.Expected)}\ngot:\n{string.Join('\n', results)}");
    }
}
