namespace Edge.Exi.Internal;

/// <summary>
/// The value channels of one block (EXI 1.0 §9.2): the values of each qualified name in document order, channels
/// ordered by the first appearance of their name in the block.
/// </summary>
internal sealed class ValueChannels(int blockSize)
{
    private readonly Dictionary<int, List<string>> _byName = [];

    public List<int> Order { get; } = [];

    public int Count { get; private set; }

    public bool IsBlockFull => Count >= blockSize;

    public List<string> Channel(int qname) => _byName[qname];

    public void Add(int qname, string value)
    {
        if (!_byName.TryGetValue(qname, out List<string>? channel))
        {
            channel = [];
            _byName.Add(qname, channel);
            Order.Add(qname);
        }

        channel.Add(value);
        Count++;
    }

    public void Clear()
    {
        _byName.Clear();
        Order.Clear();
        Count = 0;
    }
}
