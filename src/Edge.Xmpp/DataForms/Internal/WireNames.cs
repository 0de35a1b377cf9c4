namespace Edge.Xmpp.DataForms.Internal;

/// <summary>The wire names of the data-form enums.</summary>
internal static class WireNames
{
    private static readonly (DataFormFieldType Type, string Name)[] FieldTypes =
    [
        (DataFormFieldType.Boolean, "boolean"), (DataFormFieldType.Fixed, "fixed"), (DataFormFieldType.Hidden, "hidden"),
        (DataFormFieldType.JidMulti, "jid-multi"), (DataFormFieldType.JidSingle, "jid-single"),
        (DataFormFieldType.ListMulti, "list-multi"), (DataFormFieldType.ListSingle, "list-single"),
        (DataFormFieldType.TextMulti, "text-multi"), (DataFormFieldType.TextPrivate, "text-private"),
        (DataFormFieldType.TextSingle, "text-single"),
    ];

    private static readonly (DataFormType Type, string Name)[] FormTypes =
    [
        (DataFormType.Form, "form"), (DataFormType.Submit, "submit"), (DataFormType.Cancel, "cancel"),
        (DataFormType.Result, "result"),
    ];

    public static string Name(DataFormFieldType type) => FieldTypes.First(t => t.Type == type).Name;

    public static string Name(DataFormType type) => FormTypes.First(t => t.Type == type).Name;

    /// <summary>The field type named <paramref name="name"/>; an unknown name is text-single (XEP-0004 §3.3).</summary>
    public static DataFormFieldType FieldType(string name)
    {
        foreach (var (type, wire) in FieldTypes)
        {
            if (wire == name)
            {
                return type;
            }
        }

        return DataFormFieldType.TextSingle;
    }

    public static bool TryFormType(string? name, out DataFormType type)
    {
        foreach (var (t, wire) in FormTypes)
        {
            if (wire == name)
            {
                type = t;
                return true;
            }
        }

        type = default;
        return false;
    }
}
