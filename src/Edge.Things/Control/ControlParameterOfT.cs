using System.Text.RegularExpressions;

namespace Edge.Things.Control;

/// <summary>A control parameter whose values are of CLR type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">
/// One of <see cref="bool"/>, <see cref="ColorRgba"/>, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/>,
/// <see cref="double"/>, <see cref="TimeSpan"/>, <see cref="int"/>, <see cref="long"/>, <see cref="string"/>,
/// <see cref="TimeOnly"/>.
/// </typeparam>
/// <remarks>
/// Only the typed value lives here; the rules (range, finiteness, length, pattern, the widenings a requester's value may
/// take) are the base class's, on the boxed value, once for all ten types: a NativeAOT binary compiles this class again
/// for every value type it is used with (nine of them), so it is kept to what must be typed (issue 12).
/// </remarks>
public sealed class ControlParameter<T> : ControlParameter
    where T : notnull
{
    private readonly Lock _lock = new();
    private T _value;

    public ControlParameter(string name, T value, ControlBound<T> minimum = default, ControlBound<T> maximum = default,
        string? label = null, string? description = null, bool readOnly = false)
        : base(name, typeof(T), value, minimum.HasValue ? minimum.Value : null, maximum.HasValue ? maximum.Value : null,
            label, description, readOnly)
    {
        Minimum = minimum;
        Maximum = maximum;
        _value = value;
    }

    /// <summary>Inclusive lower bound, if any.</summary>
    public ControlBound<T> Minimum { get; }

    /// <summary>Inclusive upper bound, if any.</summary>
    public ControlBound<T> Maximum { get; }

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
    public ControlValidationResult Validate(T proposed) => ValidateValue(proposed);

    /// <summary>Validates <paramref name="proposed"/> and, if valid, makes it the current value.</summary>
    public ControlValidationResult TrySetValue(T proposed)
    {
        ControlValidationResult result = ValidateValue(proposed);
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
        TryConvert(proposed, out object? value, out ControlValidationResult wrongType) ? TrySetValue((T)value) : wrongType;

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

    public override FieldValue ToFieldValue() => FieldValueOf(CurrentValue);
}
