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
    private protected ControlParameter(string name, string? label, string? description, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Label = string.IsNullOrEmpty(label) ? name : label;
        Description = description;
        ReadOnly = readOnly;
    }

    /// <summary>The parameter name (the data-form field <c>var</c>).</summary>
    public string Name { get; }

    /// <summary>A human-readable label; the name when none was given.</summary>
    public string Label { get; }

    public string? Description { get; }

    /// <summary>Whether the parameter is reported but cannot be set.</summary>
    public bool ReadOnly { get; }

    public abstract ControlParameterType Type { get; }

    /// <summary>The current value, boxed (see <see cref="ControlParameter{T}.Value"/> for the typed one).</summary>
    public abstract object CurrentValue { get; }

    /// <summary>
    /// Validates a proposed value of any CLR type: the parameter's own type, or a lossless widening (an
    /// <see cref="int"/> for a long or double parameter, a <see cref="long"/> that fits for an int parameter).
    /// </summary>
    public abstract ControlValidationResult Validate(object? proposed);

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
