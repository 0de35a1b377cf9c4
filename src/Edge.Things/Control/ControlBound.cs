namespace Edge.Things.Control;

/// <summary>An optional inclusive bound of a control parameter's range (works for reference and value types alike).</summary>
public readonly record struct ControlBound<T>(T Value)
    where T : notnull
{
    /// <summary>Whether the bound is set (a default <see cref="ControlBound{T}"/> means "unbounded").</summary>
    public bool HasValue { get; } = true;

    public override string ToString() => HasValue ? Value.ToString() ?? string.Empty : "(none)";
}
