using System.Xml.Linq;
using Edge.Iot.Control.Internal;
using Edge.Things;
using Edge.Things.Control;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Control;

/// <summary>
/// The XEP-0325 §3.3 control form of one or more nodes: one field per control parameter, in the nodes' order, with the
/// current value, the XEP-0122 datatype of its type (<c>xs:int</c>, <c>xs:dateTime</c>, XEP-0331 <c>xdc:Color</c>, …),
/// a <c>range</c> from the parameter's minimum/maximum, a <c>regex</c> for a string's pattern (or its maximum length),
/// and the XEP-0336 flags: <c>notSame</c> on every field (§3.3.1: an untouched field is not submitted) and
/// <c>readOnly</c> on parameters that cannot be set.
/// </summary>
public static class ControlForm
{
    private static readonly XNamespace Xdd = ControlNamespaces.DynamicForms;

    /// <summary>
    /// The form for <paramref name="nodes"/>. With <paramref name="commonOnly"/> (a request naming nodes, §3.4.4) only
    /// parameters every node has with the same type are listed; their range is the intersection, read-only if any
    /// node's is. Without it (the device as a whole) every parameter name is listed once, unless nodes disagree on
    /// its type. The value shown is the first node's.
    /// </summary>
    public static DataForm Create(IReadOnlyList<ThingNode> nodes, bool commonOnly)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var fields = new List<DataFormField>();
        var names = nodes.SelectMany(n => n.Parameters).Select(p => p.Name).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var group = nodes.Select(n => n.FindParameter(name)).Where(p => p is not null).Select(p => p!).ToArray();
            if ((commonOnly && group.Length != nodes.Count) || group.Any(p => p.Type != group[0].Type))
            {
                continue;
            }

            fields.Add(Field(group));
        }

        return new DataForm
        {
            Type = DataFormType.Form,
            Title = string.Join(", ", nodes.Select(n => n.DisplayName)),
            Fields = fields,
        };
    }

    /// <summary>
    /// The form element with the <c>xdd</c> (and, when used, <c>xdc</c>) prefixes declared on it, as the XEP's
    /// examples write them.
    /// </summary>
    public static XElement ToElement(DataForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var x = form.ToElement();
        x.Add(new XAttribute(XNamespace.Xmlns + "xdd", Xdd.NamespaceName));
        if (form.Fields.Any(f => f.Validation?.Datatype is ControlTypes.ColorDatatype or ControlTypes.ColorAlphaDatatype))
        {
            x.Add(new XAttribute(XNamespace.Xmlns + "xdc", ControlNamespaces.ColorForms.NamespaceName));
        }

        return x;
    }

    /// <summary>
    /// The parameter type a control-form field announces: its XEP-0122 datatype (xs:int, xdc:Color, …), else boolean
    /// for a boolean field, else string.
    /// </summary>
    public static ControlParameterType TypeOf(DataFormField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Validation is { } v && ControlTypes.TryFromDatatype(v.Datatype, out var type))
        {
            return type;
        }

        return field.EffectiveType == DataFormFieldType.Boolean ? ControlParameterType.Boolean : ControlParameterType.String;
    }

    /// <summary>Whether the field is flagged XEP-0336 <c>readOnly</c>.</summary>
    public static bool IsReadOnly(DataFormField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.HasExtension(Xdd + "readOnly");
    }

    private static DataFormField Field(ControlParameter[] group)
    {
        var first = group[0];
        var extensions = new List<XElement> { new(Xdd + "notSame") };
        if (group.Any(p => p.ReadOnly))
        {
            extensions.Add(new XElement(Xdd + "readOnly"));
        }

        return new DataFormField
        {
            Var = first.Name,
            Type = first.Type == ControlParameterType.Boolean ? DataFormFieldType.Boolean : DataFormFieldType.TextSingle,
            Label = first.Label,
            Description = first.Description,
            Values = [ControlTypes.Format(first.CurrentValue)],
            Validation = Validation(group),
            Extensions = extensions,
        };
    }

    private static DataFormValidation Validation(ControlParameter[] group)
    {
        var type = group[0].Type;
        switch (type)
        {
            case ControlParameterType.Color:
                return group[0].CurrentValue is ColorRgba { Alpha: not null }
                    ? DataFormValidation.Regex(ControlTypes.ColorAlphaDatatype, "^[0-9a-fA-F]{8}$")
                    : DataFormValidation.Regex(ControlTypes.ColorDatatype, "^[0-9a-fA-F]{6}$");
            case ControlParameterType.String:
                var patterns = group.Select(p => ((ControlParameter<string>)p).Pattern?.ToString()).Distinct().ToArray();
                if (patterns is [{ } pattern])
                {
                    return DataFormValidation.Regex("xs:string", pattern);
                }

                var maxLength = group.Select(p => ((ControlParameter<string>)p).MaxLength).Min();
                return maxLength is int longest && patterns.All(p => p is null)
                    ? DataFormValidation.Regex("xs:string", $".{{0,{longest}}}")
                    : new DataFormValidation { Datatype = "xs:string" };
            case ControlParameterType.Boolean:
                return new DataFormValidation { Datatype = ControlTypes.Datatype(type) };
        }

        object? min = null, max = null;
        foreach (var (lo, hi) in group.Select(Bounds))
        {
            if (lo is not null && (min is null || Comparer<object>.Default.Compare(lo, min) > 0))
            {
                min = lo;
            }

            if (hi is not null && (max is null || Comparer<object>.Default.Compare(hi, max) < 0))
            {
                max = hi;
            }
        }

        var datatype = ControlTypes.Datatype(type);
        return min is null && max is null
            ? new DataFormValidation { Datatype = datatype }
            : DataFormValidation.Range(datatype, min is null ? null : ControlTypes.Format(min),
                max is null ? null : ControlTypes.Format(max));
    }

    /// <summary>The typed inclusive bounds of an ordered parameter, boxed (null = unbounded).</summary>
    private static (object? Min, object? Max) Bounds(ControlParameter parameter) => parameter switch
    {
        ControlParameter<DateOnly> p => (Box(p.Minimum), Box(p.Maximum)),
        ControlParameter<DateTimeOffset> p => (Box(p.Minimum), Box(p.Maximum)),
        ControlParameter<double> p => (Box(p.Minimum), Box(p.Maximum)),
        ControlParameter<TimeSpan> p => (Box(p.Minimum), Box(p.Maximum)),
        ControlParameter<int> p => (Box(p.Minimum), Box(p.Maximum)),
        ControlParameter<long> p => (Box(p.Minimum), Box(p.Maximum)),
        ControlParameter<TimeOnly> p => (Box(p.Minimum), Box(p.Maximum)),
        _ => (null, null),
    };

    private static object? Box<T>(ControlBound<T> bound)
        where T : notnull => bound.HasValue ? bound.Value : null;
}
