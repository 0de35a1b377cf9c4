using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Xmpp.DataForms.Internal;

namespace Edge.Xmpp.DataForms;

/// <summary>
/// One XEP-0004 <c>&lt;field/&gt;</c>: var, type, label, description, required flag, values, options, the XEP-0122
/// validation and any other child elements (kept as <see cref="Extensions"/>, e.g. XEP-0336 flags), which a using
/// protocol may add and read.
/// </summary>
public sealed class DataFormField
{
    /// <summary>The field name; required except for <c>fixed</c> fields.</summary>
    public string? Var { get; init; }

    /// <summary>The type given on the wire, or null when none was (see <see cref="EffectiveType"/>).</summary>
    public DataFormFieldType? Type { get; init; }

    public string? Label { get; init; }

    /// <summary>The <c>&lt;desc/&gt;</c> text.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the field carries <c>&lt;required/&gt;</c>.</summary>
    public bool Required { get; init; }

    /// <summary>The <c>&lt;value/&gt;</c> texts, in order (empty when none).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    public IReadOnlyList<DataFormOption> Options { get; init; } = [];

    /// <summary>The XEP-0122 validation, if any.</summary>
    public DataFormValidation? Validation { get; init; }

    /// <summary>Child elements of other namespaces, kept in order (written after the standard children).</summary>
    public IReadOnlyList<XElement> Extensions { get; init; } = [];

    /// <summary>The type to act on: the given one, else <c>text-single</c> (XEP-0004 §3.2).</summary>
    public DataFormFieldType EffectiveType => Type ?? DataFormFieldType.TextSingle;

    /// <summary>The first value, or null.</summary>
    public string? Value => Values.Count > 0 ? Values[0] : null;

    /// <summary>Whether an extension element named <paramref name="name"/> is present (e.g. a flag).</summary>
    public bool HasExtension(XName name) => Extensions.Any(e => e.Name == name);

    /// <summary>
    /// Reads a <c>field</c> element. Unknown types read as <c>text-single</c> (XEP-0004 §3.3); a missing var on a
    /// non-fixed field, an option without a value and a malformed validation are errors.
    /// </summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out DataFormField? field,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        field = null;
        var ns = element.Name.Namespace;
        var typeName = (string?)element.Attribute("type");
        DataFormFieldType? type = typeName is null ? null : WireNames.FieldType(typeName);
        var var = (string?)element.Attribute("var");
        if (string.IsNullOrEmpty(var) && type != DataFormFieldType.Fixed)
        {
            error = $"A {typeName ?? "text-single"} field has no var.";
            return false;
        }

        var values = new List<string>();
        var options = new List<DataFormOption>();
        var extensions = new List<XElement>();
        string? description = null;
        var required = false;
        DataFormValidation? validation = null;
        foreach (var child in element.Elements())
        {
            if (child.Name == ns + "value")
            {
                values.Add(child.Value);
            }
            else if (child.Name == ns + "desc")
            {
                description = child.Value;
            }
            else if (child.Name == ns + "required")
            {
                required = true;
            }
            else if (child.Name == ns + "option")
            {
                var value = child.Element(ns + "value");
                if (value is null)
                {
                    error = $"An option of field '{var}' has no value.";
                    return false;
                }

                options.Add(new DataFormOption(value.Value, (string?)child.Attribute("label")));
            }
            else if (child.Name.LocalName == "validate"
                && (child.Name.Namespace == DataFormsNamespaces.Validate || child.Name.Namespace == ns))
            {
                if (!DataFormValidation.TryParse(child, out validation, out var invalid))
                {
                    error = $"Field '{var}': {invalid}";
                    return false;
                }
            }
            else
            {
                extensions.Add(new XElement(child));
            }
        }

        field = new DataFormField
        {
            Var = string.IsNullOrEmpty(var) ? null : var,
            Type = type,
            Label = (string?)element.Attribute("label"),
            Description = description,
            Required = required,
            Values = values,
            Options = options,
            Validation = validation,
            Extensions = extensions,
        };
        error = null;
        return true;
    }

    /// <summary>The <c>field</c> element: desc, required, values, options, validate, then the extensions.</summary>
    public XElement ToElement()
    {
        var ns = DataFormsNamespaces.Data;
        var element = new XElement(ns + "field");
        if (Var is not null)
        {
            element.SetAttributeValue("var", Var);
        }

        if (Type is DataFormFieldType type)
        {
            element.SetAttributeValue("type", WireNames.Name(type));
        }

        if (Label is not null)
        {
            element.SetAttributeValue("label", Label);
        }

        if (Description is not null)
        {
            element.Add(new XElement(ns + "desc", Description));
        }

        if (Required)
        {
            element.Add(new XElement(ns + "required"));
        }

        element.Add(Values.Select(v => new XElement(ns + "value", v)));
        foreach (var option in Options)
        {
            var o = new XElement(ns + "option", new XElement(ns + "value", option.Value));
            if (option.Label is not null)
            {
                o.SetAttributeValue("label", option.Label);
            }

            element.Add(o);
        }

        if (Validation is not null)
        {
            element.Add(Validation.ToElement());
        }

        element.Add(Extensions.Select(e => new XElement(e)));
        return element;
    }

    /// <summary>
    /// Checks the submitted values of this field: required, single-valued types with several values, boolean lexical
    /// forms, list options (any method but <c>basic</c> makes a list open, XEP-0122 §3.2), the <c>list-range</c> and each value against the
    /// XEP-0122 validation. Returns null when they pass, else a message naming the field and quoting the value.
    /// </summary>
    public string? Validate()
    {
        var name = Var ?? Label ?? "(fixed)";
        if (Required && (Values.Count == 0 || Values.All(string.IsNullOrEmpty)))
        {
            return $"Field '{name}' is required.";
        }

        var type = EffectiveType;
        var multi = type is DataFormFieldType.ListMulti or DataFormFieldType.JidMulti or DataFormFieldType.TextMulti;
        if (!multi && Values.Count > 1)
        {
            return $"Field '{name}' is {WireNames.Name(type)} but has {Values.Count} values.";
        }

        if (Validation is { ListMinimum: uint min } && type == DataFormFieldType.ListMulti && Values.Count < min)
        {
            return $"Field '{name}' needs at least {min} values, not {Values.Count}.";
        }

        if (Validation is { ListMaximum: uint max } && type == DataFormFieldType.ListMulti && Values.Count > max)
        {
            return $"Field '{name}' allows at most {max} values, not {Values.Count}.";
        }

        var closedList = type is DataFormFieldType.ListSingle or DataFormFieldType.ListMulti && Options.Count > 0
            && (Validation?.Method is null or DataFormValidationMethod.Basic);
        foreach (var value in Values)
        {
            if (type == DataFormFieldType.Boolean && !XmlSchemaLexical.TryParseBoolean(value, out _))
            {
                return $"Field '{name}': '{value}' is not a boolean (true, false, 1 or 0).";
            }

            if (closedList && Options.All(o => o.Value != value))
            {
                return $"Field '{name}': '{value}' is not one of its options.";
            }

            if (Validation?.Check(value) is { } problem)
            {
                return $"Field '{name}': {problem}";
            }
        }

        return null;
    }
}
