namespace Edge.Exi.Internal;

/// <summary>
/// The value channels of one block (EXI 1.0 §9.2): the values of each qualified name in document order, channels
/// ordered by the first appearance of their name in the block.
/// </summary>
internal sealed class ValueChannels(int blockSize)
{
    private readonly Dictionary<int, List<(string Value, Schema.Datatype? Type)>> _byName = [];

    public List<int> Order { get; } = [];

    public int Count { get; private set; }

    public bool IsBlockFull => Count >= blockSize;

    public List<(string Value, Schema.Datatype? Type)> Channel(int qname) => _byName[qname];

    /// <summary>Adds a value of a qualified name: untyped (null) or of a schema datatype.</summary>
    public void Add(int qname, string value, Schema.Datatype? type)
    {
        if (!_byName.TryGetValue(qname, out List<(string Value, Schema.Datatype? Type)>? channel))
        {
            channel = [];
            _byName.Add(qname, channel);
            Order.Add(qname);
        }

        channel.Add((value, type));
        Count++;
    }

    public void Clear()
    {
        _byName.Clear();
        Order.Clear();
        Count = 0;
    }
}
