namespace Edge.Xmpp.DataForms;

/// <summary>The field types of XEP-0004 §3.3 (the <c>type</c> attribute of <c>&lt;field/&gt;</c>).</summary>
public enum DataFormFieldType
{
    /// <summary><c>boolean</c>: an either-or choice; lexical forms <c>0</c>, <c>1</c>, <c>false</c>, <c>true</c>.</summary>
    Boolean,

    /// <summary><c>fixed</c>: descriptive text, not data.</summary>
    Fixed,

    /// <summary><c>hidden</c>: returned with the form, not shown.</summary>
    Hidden,

    /// <summary><c>jid-multi</c>.</summary>
    JidMulti,

    /// <summary><c>jid-single</c>.</summary>
    JidSingle,

    /// <summary><c>list-multi</c>.</summary>
    ListMulti,

    /// <summary><c>list-single</c>.</summary>
    ListSingle,

    /// <summary><c>text-multi</c>: one value per line.</summary>
    TextMulti,

    /// <summary><c>text-private</c>: obscured text.</summary>
    TextPrivate,

    /// <summary><c>text-single</c>: the default, and what an unknown type is taken as.</summary>
    TextSingle,
}
