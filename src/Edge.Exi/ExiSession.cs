using Edge.Exi.Internal;

namespace Edge.Exi;

/// <summary>
/// A sequence of EXI bodies sharing one session's string tables and learnt built-in grammars, as XEP-0322's
/// <c>sessionWideBuffers</c> asks ("all buffers, string tables, etc. will be maintained during the entire session"):
/// the URI, prefix and local-name partitions and the global and local value partitions (EXI 1.0 §7.3) and the
/// built-in element and fragment grammars learnt (§8.4.3) carry over from one body to the next, so a string or name
/// met before is coded as a compact table index. One session codes one direction: give it to every
/// <see cref="ExiWriter"/> of a sender's bodies, or every <see cref="ExiReader"/> of a receiver's, in order.
/// </summary>
/// <remarks>
/// Bounded: <see cref="ExiOptions.ValueMaxLength"/> and <see cref="ExiOptions.ValuePartitionCapacity"/> (§7.3.3) keep
/// the value partitions in check, <see cref="ExiOptions.MaxSessionTableCharacters"/> all the tables. A body that fails,
/// or is disposed before its end (a decoder that ran out of input, say), leaves the session as it was before the
/// body: it can be coded again. Not thread-safe; one body at a time.
/// </remarks>
public sealed class ExiSession
{
    private bool _inBody;

    /// <summary>Creates a session whose bodies are all coded with <paramref name="options"/> (without header).</summary>
    public ExiSession(ExiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        Options.Validate();
        Reset();
    }

    /// <summary>Gets the options every body of the session is coded with.</summary>
    public ExiOptions Options { get; }

    /// <summary>Gets the number of bodies completed since the session (re)started.</summary>
    public long Bodies { get; private set; }

    /// <summary>Gets the characters the session's string tables hold beyond their pre-populated entries.</summary>
    public long TableCharacters => Table.Characters;

    internal StringTable Table { get; private set; } = null!;

    internal BuiltInGrammars Grammars { get; private set; } = null!;

    /// <summary>Starts over with the pre-populated tables and grammars (EXI 1.0 §7.3.1), as a new connection does.</summary>
    public void Reset()
    {
        if (_inBody)
        {
            throw new InvalidOperationException("A body of the session is in progress.");
        }

        Table = new StringTable(Options.ValueMaxLength, Options.ValuePartitionCapacity, Options.Schema?.Compiled.Table, Options.MaxSessionTableCharacters);
        Grammars = new BuiltInGrammars(Options);
        Bodies = 0;
    }

    internal void BeginBody()
    {
        if (_inBody)
        {
            throw new InvalidOperationException("A body of the session is already in progress: one body at a time.");
        }

        _inBody = true;
        Table.Journal = [];
    }

    internal void EndBody()
    {
        if (!_inBody)
        {
            return;
        }

        Table.Journal = null;
        _inBody = false;
        Bodies++;
    }

    /// <summary>Undoes what an unfinished body added; nothing when the body ended.</summary>
    internal void AbandonBody()
    {
        if (_inBody)
        {
            Table.RollBack();
            _inBody = false;
        }
    }
}
