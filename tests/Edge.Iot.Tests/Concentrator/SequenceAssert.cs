namespace Edge.Iot.Tests.Concentrator;

/// <summary>Compares a sequence with the expected items, in order.</summary>
internal static class SequenceAssert
{
    public static void AreEqual<T>(IEnumerable<T> actual, params T[] expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        CollectionAssert.AreEqual(expected, actual.ToArray());
    }
}
