using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.Things.Control;

/// <summary>A control parameter whose values are of CLR type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">
/// One of <see cref="bool"/>, <see cref="ColorRgba"/>, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/>,
/// <see cref="double"/>, <see cref="TimeSpan"/>, <see cref="int"/>, <see cref="long"/>, <see cref="string"/>,
/// <see cref="TimeOnly"/>.
/// </typeparam>
public sealed class ControlParameter<T> : ControlParameter
    where T : notnull
{
    private readonly Lock _lock = new();
    private T _value;

    public ControlParameter(string name, T value, ControlBound<T> minimum = default, ControlBound<T> maximum = default,
        string? label = null, string? description = null, bool readOnly = false)
        : base(name, label, description, readOnly)
    {
        ArgumentNullException.ThrowIfNull(value);
        Type = TypeOf(typeof(T));
        bool ordered = Type is not (ControlParameterType.Boolean or ControlParameterType.Color
            or ControlParameterType.String);
        if (!ordered && (minimum.HasValue || maximum.HasValue))
        {
            throw new ArgumentException($"A {Type} parameter has no range.", nameof(minimum));
        }

        if (minimum.HasValue && maximum.HasValue && Comparer<T>.Default.Compare(minimum.Value, maximum.Value) > 0)
        {
            throw new ArgumentException(
                $"Parameter '{name}': minimum {Format(minimum.Value)} is above maximum {Format(maximum.Value)}.",
                nameof(minimum));
        }

        Minimum = minimum;
        Maximum = maximum;
        _value = value;
    }

    public override ControlParameterType Type { get; }

    /// <summary>Inclusive lower bound, if any.</summary>
    public ControlBound<T> Minimum { get; }

    /// <summary>Inclusive upper bound, if any.</summary>
    public ControlBound<T> Maximum { get; }

    /// <summary>The unit of a double parameter (e.g. "°C"), if any.</summary>
    public string? Unit { get; init; }

    /// <summary>The maximum length of a string parameter, if any.</summary>
    public int? MaxLength { get; init; }

    /// <summary>A pattern a string parameter's value must match entirely, if any.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>The current value.</summary>
    public T Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    public override object CurrentValue => Value;

    /// <summary>Checks <paramref name="proposed"/> against the type's rules and the range; never throws.</summary>
    public ControlValidationResult Validate(T proposed)
    {
        if (ReadOnly)
        {
            return ControlValidationResult.Fail(ControlValidationError.ReadOnly, $"Parameter '{Name}' is read-only.");
        }

        if (proposed is null)
        {
            return ControlValidationResult.Fail(ControlValidationError.WrongType,
                $"Parameter '{Name}' needs a {Type} value, not null.");
        }

        if (proposed is double d && !double.IsFinite(d))
        {
            return ControlValidationResult.Fail(ControlValidationError.NotFinite,
                $"Parameter '{Name}': {Format(proposed)} is not a finite number.");
        }

        if (Minimum.HasValue && Comparer<T>.Default.Compare(proposed, Minimum.Value) < 0)
        {
            return ControlValidationResult.Fail(ControlValidationError.BelowMinimum,
                $"Parameter '{Name}': {Format(proposed)} is below the minimum {Format(Minimum.Value)}.");
        }

        if (Maximum.HasValue && Comparer<T>.Default.Compare(proposed, Maximum.Value) > 0)
        {
            return ControlValidationResult.Fail(ControlValidationError.AboveMaximum,
                $"Parameter '{Name}': {Format(proposed)} is above the maximum {Format(Maximum.Value)}.");
        }

        if (proposed is string s)
        {
            if (MaxLength is int max && s.Length > max)
            {
                return ControlValidationResult.Fail(ControlValidationError.TooLong,
                    $"Parameter '{Name}': a text of {s.Length} characters is longer than the maximum {max}.");
            }

            if (Pattern is not null && !IsFullMatch(Pattern, s))
            {
                return ControlValidationResult.Fail(ControlValidationError.PatternMismatch,
                    $"Parameter '{Name}': '{s}' does not match the pattern '{Pattern}'.");
            }
        }

        return ControlValidationResult.Valid;
    }

    public override ControlValidationResult Validate(object? proposed) =>
        TryConvert(proposed, out T? value)
            ? Validate(value)
            : ControlValidationResult.Fail(ControlValidationError.WrongType,
                $"Parameter '{Name}' needs a {Type} value, not {Describe(proposed)}.");

    /// <summary>Validates <paramref name="proposed"/> and, if valid, makes it the current value.</summary>
    public ControlValidationResult TrySetValue(T proposed)
    {
        ControlValidationResult result = Validate(proposed);
        if (result.IsValid)
        {
            lock (_lock)
            {
                _value = proposed;
            }
        }

        return result;
    }

    public override ControlValidationResult TrySetValue(object? proposed) =>
        TryConvert(proposed, out T? value)
            ? TrySetValue(value)
            : ControlValidationResult.Fail(ControlValidationError.WrongType,
                $"Parameter '{Name}' needs a {Type} value, not {Describe(proposed)}.");

    /// <summary>
    /// Records a value the device reports (e.g. the relay's actual state) without the write rules: it bypasses
    /// <see cref="ControlParameter.ReadOnly"/> and the range, which constrain what a requester may set.
    /// </summary>
    public void Report(T actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        lock (_lock)
        {
            _value = actual;
        }
    }

    public override FieldValue ToFieldValue() => Value switch
    {
        bool b => new BooleanValue(b),
        ColorRgba c => new StringValue(c.ToString()),
        DateOnly d => new DateValue(d),
        DateTimeOffset dt => new DateTimeValue(dt),
        double x => new NumericValue(x, Unit ?? string.Empty, DecimalsOf(x)),
        TimeSpan ts => new DurationValue(ts),
        int i => new IntValue(i),
        long l => new LongValue(l),
        string s => new StringValue(s),
        TimeOnly t => new TimeValue(t),
        _ => throw new InvalidOperationException($"Unexpected value type {typeof(T)}."),
    };

    public override string ToString() => $"{Name} ({Type}) = {Format(Value)}";

    private static bool TryConvert(object? proposed, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
    {
        switch (proposed)
        {
            case T t:
                value = t;
                return true;
            case int i when typeof(T) == typeof(long):
                value = (T)(object)(long)i;
                return true;
            case int i when typeof(T) == typeof(double):
                value = (T)(object)(double)i;
                return true;
            case long l when typeof(T) == typeof(int) && l is >= int.MinValue and <= int.MaxValue:
                value = (T)(object)(int)l;
                return true;
            default:
                value = default;
                return false;
        }
    }

    private static bool IsFullMatch(Regex pattern, string s)
    {
        Match match = pattern.Match(s);
        return match.Success && match.Index == 0 && match.Length == s.Length;
    }

    private static int DecimalsOf(double x)
    {
        for (int decimals = 0; decimals < 15; decimals++)
        {
            if (Math.Round(x, decimals) == x)
            {
                return decimals;
            }
        }

        return 15;
    }

    private static string Describe(object? value) =>
        value is null ? "null" : $"{Format(value)} ({value.GetType().Name})";

    private static string Format(object value) => value switch
    {
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
