namespace Edge.Agent.Outbox.Internal;

/// <summary>
/// One node's waiting sequence numbers, ascending, in one array: the outbox's per-node index. Readings are appended
/// in sequence order and mostly acknowledged oldest first, so both ends are cheap (an append at the end, a removal at
/// the start moves nothing); the publisher's question "the oldest above my cursor" is a binary search and allocates
/// nothing (a <c>SortedSet</c> answered it with a view object per call, ~100 a second on the sim profile).
/// A number out of order (recovery) is inserted in place; a number already present is not added twice.
/// </summary>
internal sealed class SequenceSet
{
    private long[] _items = new long[4];
    private int _start;
    private int _count;

    public int Count => _count;

    /// <summary>The smallest number; the set must not be empty.</summary>
    public long Min => _count > 0 ? _items[_start] : throw new InvalidOperationException("The set is empty.");

    /// <summary>The largest number; the set must not be empty.</summary>
    public long Max => _count > 0 ? _items[_start + _count - 1] : throw new InvalidOperationException("The set is empty.");

    public bool Add(long sequence)
    {
        var index = _count;
        if (_count > 0 && sequence <= _items[_start + _count - 1])
        {
            index = Search(sequence);
            if (index >= 0)
            {
                return false; // present
            }

            index = ~index;
        }

        if (_start + _count == _items.Length)
        {
            MakeRoom();
        }

        var at = _start + index;
        Array.Copy(_items, at, _items, at + 1, _count - index);
        _items[at] = sequence;
        _count++;
        return true;
    }

    public bool Remove(long sequence)
    {
        var index = Search(sequence);
        if (index < 0)
        {
            return false;
        }

        if (index == 0)
        {
            _start++;
        }
        else
        {
            var at = _start + index;
            Array.Copy(_items, at + 1, _items, at, _count - index - 1);
        }

        if (--_count == 0)
        {
            _start = 0;
        }

        return true;
    }

    /// <summary>The smallest number above <paramref name="after"/>, if any.</summary>
    public bool TryGetNext(long after, out long sequence)
    {
        if (_count == 0 || _items[_start + _count - 1] <= after)
        {
            sequence = -1;
            return false;
        }

        var index = 0;
        if (_items[_start] <= after)
        {
            index = Search(after);
            index = index >= 0 ? index + 1 : ~index;
        }

        sequence = _items[_start + index];
        return true;
    }

    /// <summary>The number's index from the start, or the bitwise complement of where it would go.</summary>
    private int Search(long sequence)
    {
        var i = Array.BinarySearch(_items, _start, _count, sequence);
        return i >= 0 ? i - _start : ~(~i - _start);
    }

    /// <summary>Moves the numbers to the front, or into an array twice the size when they fill more than half of it.</summary>
    private void MakeRoom()
    {
        var items = _count * 2 > _items.Length ? new long[_items.Length * 2] : _items;
        Array.Copy(_items, _start, items, 0, _count);
        _items = items;
        _start = 0;
    }
}
