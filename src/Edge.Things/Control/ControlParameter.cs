using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.Things.Control;

/// <summary>
/// A settable parameter of a node (XEP-0325): a name, one of the ten <see cref="ControlParameterType"/>s, an optional
/// range and the current value. The model validates a proposed value before any actuator sees it; the wire codec
/// (in <c>Edge.Iot</c>) turns a parameter into a data-form field and back.
/// </summary>
/// <remarks>Create parameters with the typed factory methods (<see cref="Double"/>, <see cref="Boolean"/>, …).</remarks>
public abstract class ControlParameter
{
    private readonly Type _valueType;
    private readonly object? _minimum;
    private readonly object? _maximum;

    private protected ControlParameter(string name, Type valueType, object value, object? minimum, object? maximum,
        string? label, string? description, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Label = string.IsNullOrEmpty(label) ? name : label;
        Description = description;
        ReadOnly = readOnly;
        Type = TypeOf(valueType);
        _valueType = valueType;
        bool ordered = Type is not (ControlParameterType.Boolean or ControlParameterType.Color or ControlParameterType.String);
        if (!ordered && (minimum is not null || maximum is not null))
        {
            throw new ArgumentException($"A {Type} parameter has no range.", nameof(minimum));
        }

        if (minimum is not null && maximum is not null && Compare(minimum, maximum) > 0)
        {
            throw new ArgumentException(
                $"Parameter '{name}': minimum {Format(minimum)} is above maximum {Format(maximum)}.", nameof(minimum));
        }

        _minimum = minimum;
        _maximum = maximum;
    }

    /// <summary>The parameter name (the data-form field <c>var</c>).</summary>
    public string Name { get; }

    /// <summary>A human-readable label; the name when none was given.</summary>
    public string Label { get; }

    public string? Description { get; }

    /// <summary>Whether the parameter is reported but cannot be set.</summary>
    public bool ReadOnly { get; }

    public ControlParameterType Type { get; }

    /// <summary>The unit of a double parameter (e.g. "°C"), if any.</summary>
    public string? Unit { get; init; }

    /// <summary>The maximum length of a string parameter, if any.</summary>
    public int? MaxLength { get; init; }

    /// <summary>A pattern a string parameter's value must match entirely, if any.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>The current value, boxed (see <see cref="ControlParameter{T}.Value"/> for the typed one).</summary>
    public abstract object CurrentValue { get; }

    /// <summary>
    /// Validates a proposed value of any CLR type: the parameter's own type, or a lossless widening (an
    /// <see cref="int"/> for a long or double parameter, a <see cref="long"/> that fits for an int parameter).
    /// </summary>
    public ControlValidationResult Validate(object? proposed) =>
        TryConvert(proposed, out object? value, out ControlValidationResult wrongType) ? ValidateValue(value) : wrongType;

    /// <summary>Validates <paramref name="proposed"/> and, if valid, makes it the current value.</summary>
    public abstract ControlValidationResult TrySetValue(object? proposed);

    /// <summary>The current value as a field value (for a readout of a writable field).</summary>
    public abstract FieldValue ToFieldValue();

    public static ControlParameter<bool> Boolean(string name, bool value, string? label = null, string? description = null,
        bool readOnly = false) =>
        new(name, value, default, default, label, description, readOnly);

    public static ControlParameter<ColorRgba> Color(string name, ColorRgba value, string? label = null,
        string? description = null, bool readOnly = false) =>
        new(name, value, default, default, label, description, readOnly);

    public static ControlParameter<DateOnly> Date(string name, DateOnly value, DateOnly? minimum = null,
        DateOnly? maximum = null, string? label = null, string? description = null, bool readOnly = false) =>
        new(name, value, Bound(minimum), Bound(maximum), label, description, readOnly);

    public static ControlParameter<DateTimeOffset> DateTime(string name, DateTimeOffset value,
        DateTimeOffset? minimum = null, DateTimeOffset? maximum = null, string? label = null,
        string? description = null, bool readOnly = false) =>
        new(name, value, Bound(minimum), Bound(maximum), label, description, readOnly);

    public static ControlParameter<double> Double(string name, double value, double? minimum = null,
        double? maximum = null, string? unit = null, string? label = null, string? description = null,
        bool readOnly = false) =>
        new(name, value, Bound(minimum), Bound(maximum), label, description, readOnly) { Unit = unit };

    public static ControlParameter<TimeSpan> Duration(string name, TimeSpan value, TimeSpan? minimum = null,
        TimeSpan? maximum = null, string? label = null, string? description = null, bool readOnly = false) =>
        new(name, value, Bound(minimum), Bound(maximum), label, description, readOnly);

    public static ControlParameter<int> Int(string name, int value, int? minimum = null, int? maximum = null,
        string? label = null, string? description = null, bool readOnly = false) =>
        new(name, value, Bound(minimum), Bound(maximum), label, description, readOnly);

    public static ControlParameter<long> Long(string name, long value, long? minimum = null, long? maximum = null,
        string? label = null, string? description = null, bool readOnly = false) =>
        new(name, value, Bound(minimum), Bound(maximum), label, description, readOnly);

    public static ControlParameter<string> String(string name, string value, int? maxLength = null,
        Regex? pattern = null, string? label = null, string? description = null, bool readOnly = false) =>
        new(name, value, default, default, label, description, readOnly) { MaxLength = maxLength, Pattern = pattern };

    public static ControlParameter<TimeOnly> Time(string name, TimeOnly value, TimeOnly? minimum = null,
        TimeOnly? maximum = null, string? label = null, string? description = null, bool readOnly = false) =>
        new(name, value, Bound(minimum), Bound(maximum), label, description, readOnly);

    public override string ToString() => $"{Name} ({Type}) = {Format(CurrentValue)}";

    /// <summary>Checks a value of the parameter's own type against the type's rules and the range; never throws.</summary>
    private protected ControlValidationResult ValidateValue(object? proposed)
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

        if (_minimum is not null && Compare(proposed, _minimum) < 0)
        {
            return ControlValidationResult.Fail(ControlValidationError.BelowMinimum,
                $"Parameter '{Name}': {Format(proposed)} is below the minimum {Format(_minimum)}.");
        }

        if (_maximum is not null && Compare(proposed, _maximum) > 0)
        {
            return ControlValidationResult.Fail(ControlValidationError.AboveMaximum,
                $"Parameter '{Name}': {Format(proposed)} is above the maximum {Format(_maximum)}.");
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

    /// <summary>
    /// A proposed value as the parameter's own type: itself, or a lossless widening (an <see cref="int"/> for a long or
    /// double parameter, a <see cref="long"/> that fits for an int parameter); else the wrong-type result.
    /// </summary>
    private protected bool TryConvert(object? proposed, [NotNullWhen(true)] out object? value, out ControlValidationResult wrongType)
    {
        value = proposed switch
        {
            null => null,
            _ when proposed.GetType() == _valueType => proposed,
            int i when Type == ControlParameterType.Long => (long)i,
            int i when Type == ControlParameterType.Double => (double)i,
            long l when Type == ControlParameterType.Int && l is >= int.MinValue and <= int.MaxValue => (int)l,
            _ => null,
        };
        wrongType = value is null
            ? ControlValidationResult.Fail(ControlValidationError.WrongType,
                $"Parameter '{Name}' needs a {Type} value, not {Describe(proposed)}.")
            : ControlValidationResult.Valid;
        return value is not null;
    }

    /// <summary>A value of one of the ten types as a field value (a double with its <see cref="Unit"/>).</summary>
    private protected FieldValue FieldValueOf(object value) => value switch
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
        _ => throw new InvalidOperationException($"Unexpected value type {value.GetType()}."),
    };

    /// <summary>Two values of an ordered type (all of them <see cref="IComparable"/>), as <c>Comparer&lt;T&gt;.Default</c> compares them.</summary>
    private static int Compare(object a, object b) => ((IComparable)a).CompareTo(b);

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

    private static ControlBound<T> Bound<T>(T? value)
        where T : struct => value is T v ? new ControlBound<T>(v) : default;

    internal static ControlParameterType TypeOf(Type type) =>
        type == typeof(bool) ? ControlParameterType.Boolean
        : type == typeof(ColorRgba) ? ControlParameterType.Color
        : type == typeof(DateOnly) ? ControlParameterType.Date
        : type == typeof(DateTimeOffset) ? ControlParameterType.DateTime
        : type == typeof(double) ? ControlParameterType.Double
        : type == typeof(TimeSpan) ? ControlParameterType.Duration
        : type == typeof(int) ? ControlParameterType.Int
        : type == typeof(long) ? ControlParameterType.Long
        : type == typeof(string) ? ControlParameterType.String
        : type == typeof(TimeOnly) ? ControlParameterType.Time
        : throw new NotSupportedException($"'{type}' is not one of the ten XEP-0325 control parameter types.");
}
