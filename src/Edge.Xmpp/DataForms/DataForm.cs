using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Xmpp.DataForms.Internal;

namespace Edge.Xmpp.DataForms;

/// <summary>
/// An XEP-0004 data form (<c>&lt;x xmlns='jabber:x:data'/&gt;</c>): its type, title, instructions, fields (with XEP-0122
/// validation), the optional <c>reported</c>/<c>item</c> table of a result, and other child elements kept as
/// <see cref="Extensions"/> (e.g. XEP-0141 layout). Parses and writes itself; knows nothing of the protocol using it.
/// </summary>
public sealed class DataForm
{
    public DataFormType Type { get; init; }

    public string? Title { get; init; }

    /// <summary>The <c>&lt;instructions/&gt;</c> texts (the schema allows several).</summary>
    public IReadOnlyList<string> Instructions { get; init; } = [];

    /// <summary>The top-level fields, in order.</summary>
    public IReadOnlyList<DataFormField> Fields { get; init; } = [];

    /// <summary>The <c>&lt;reported/&gt;</c> table header of a result, or null.</summary>
    public IReadOnlyList<DataFormField>? Reported { get; init; }

    /// <summary>The <c>&lt;item/&gt;</c> rows of a result (empty when none).</summary>
    public IReadOnlyList<IReadOnlyList<DataFormField>> Items { get; init; } = [];

    /// <summary>Child elements of other namespaces, kept in order (written after the title and instructions).</summary>
    public IReadOnlyList<XElement> Extensions { get; init; } = [];

    /// <summary>The field with <paramref name="var"/>, or null.</summary>
    public DataFormField? this[string var] => Fields.FirstOrDefault(f => f.Var == var);

    /// <summary>The field with <paramref name="var"/>, if present.</summary>
    public bool TryGetField(string var, [NotNullWhen(true)] out DataFormField? field)
    {
        field = this[var];
        return field is not null;
    }

    /// <summary>Reads an <c>x</c> element; throws <see cref="XmppProtocolException"/> with the reason when it is unusable.</summary>
    public static DataForm Parse(XElement element, DataFormType? typeIfMissing = null) =>
        TryParse(element, typeIfMissing, out var form, out var error)
            ? form
            : throw new XmppProtocolException("Malformed data form: " + error);

    /// <inheritdoc cref="TryParse(XElement, DataFormType?, out DataForm?, out string?)"/>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out DataForm? form, [NotNullWhen(false)] out string? error) =>
        TryParse(element, null, out form, out error);

    /// <summary>
    /// Reads an <c>x</c> element. Tolerant where the meaning is clear: unknown field types read as text-single,
    /// unknown children are kept as extensions, <c>reported</c>/<c>item</c> are read in any order. A missing or unknown
    /// form type is an error unless <paramref name="typeIfMissing"/> says what the context implies (e.g. a submission
    /// inside a request); fields without var (other than fixed) and two fields with one var are errors.
    /// </summary>
    public static bool TryParse(XElement element, DataFormType? typeIfMissing, [NotNullWhen(true)] out DataForm? form,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        form = null;
        var ns = DataFormsNamespaces.Data;
        if (element.Name != ns + "x")
        {
            error = $"Expected <x xmlns='{ns.NamespaceName}'/>, got <{element.Name.LocalName} xmlns='{element.Name.NamespaceName}'/>.";
            return false;
        }

        var typeName = (string?)element.Attribute("type");
        if (!WireNames.TryFormType(typeName, out var type))
        {
            if (typeIfMissing is not DataFormType implied || typeName is not null)
            {
                error = typeName is null
                    ? "The form has no type (form, submit, cancel or result)."
                    : $"Unknown form type '{typeName}' (expected form, submit, cancel or result).";
                return false;
            }

            type = implied;
        }

        string? title = null;
        var instructions = new List<string>();
        var fields = new List<DataFormField>();
        List<DataFormField>? reported = null;
        var items = new List<IReadOnlyList<DataFormField>>();
        var extensions = new List<XElement>();
        foreach (var child in element.Elements())
        {
            if (child.Name == ns + "title")
            {
                title = child.Value;
            }
            else if (child.Name == ns + "instructions")
            {
                instructions.Add(child.Value);
            }
            else if (child.Name == ns + "field")
            {
                if (!DataFormField.TryParse(child, out var field, out error))
                {
                    return false;
                }

                if (field.Var is not null && fields.Any(f => f.Var == field.Var))
                {
                    error = $"Two fields are named '{field.Var}'.";
                    return false;
                }

                fields.Add(field);
            }
            else if (child.Name == ns + "reported")
            {
                if (!TryParseRow(child, out var header, out error))
                {
                    return false;
                }

                reported = header;
            }
            else if (child.Name == ns + "item")
            {
                if (!TryParseRow(child, out var row, out error))
                {
                    return false;
                }

                items.Add(row);
            }
            else
            {
                extensions.Add(new XElement(child));
            }
        }

        form = new DataForm
        {
            Type = type,
            Title = title,
            Instructions = instructions,
            Fields = fields,
            Reported = reported,
            Items = items,
            Extensions = extensions,
        };
        error = null;
        return true;
    }

    /// <summary>
    /// The <c>x</c> element: title, instructions, extensions, fields, reported, items. When a field carries XEP-0122
    /// validation, the <c>xdv</c> prefix is declared on the form (XEP-0122 §5.2).
    /// </summary>
    public XElement ToElement()
    {
        var ns = DataFormsNamespaces.Data;
        var x = new XElement(ns + "x", new XAttribute("type", WireNames.Name(Type)));
        var all = Fields.Concat(Reported ?? []).Concat(Items.SelectMany(i => i));
        if (all.Any(f => f.Validation is not null))
        {
            x.Add(new XAttribute(XNamespace.Xmlns + DataFormsNamespaces.ValidatePrefix, DataFormsNamespaces.Validate.NamespaceName));
        }

        if (Title is not null)
        {
            x.Add(new XElement(ns + "title", Title));
        }

        x.Add(Instructions.Select(i => new XElement(ns + "instructions", i)));
        x.Add(Extensions.Select(e => new XElement(e)));
        x.Add(Fields.Select(f => f.ToElement()));
        if (Reported is not null)
        {
            x.Add(new XElement(ns + "reported", Reported.Select(f => f.ToElement())));
        }

        x.Add(Items.Select(row => new XElement(ns + "item", row.Select(f => f.ToElement()))));
        return x;
    }

    /// <summary>
    /// Checks every field of a submission (<see cref="DataFormField.Validate"/>); returns the first problem, or null.
    /// </summary>
    public string? Validate() => Fields.Select(f => f.Validate()).FirstOrDefault(p => p is not null);

    private static bool TryParseRow(XElement element, [NotNullWhen(true)] out List<DataFormField>? row,
        [NotNullWhen(false)] out string? error)
    {
        row = [];
        foreach (var child in element.Elements(element.Name.Namespace + "field"))
        {
            if (!DataFormField.TryParse(child, out var field, out error))
            {
                row = null;
                return false;
            }

            row.Add(field);
        }

        error = null;
        return true;
    }
}
