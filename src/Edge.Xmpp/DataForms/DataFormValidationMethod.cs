namespace Edge.Xmpp.DataForms;

/// <summary>The XEP-0122 §3.2 validation methods (at most one per <c>validate</c> element).</summary>
public enum DataFormValidationMethod
{
    /// <summary><c>&lt;basic/&gt;</c>: the datatype only (also what no method means).</summary>
    Basic,

    /// <summary><c>&lt;open/&gt;</c>: list fields accept values beyond their options.</summary>
    Open,

    /// <summary><c>&lt;range min='…' max='…'/&gt;</c>.</summary>
    Range,

    /// <summary><c>&lt;regex&gt;…&lt;/regex&gt;</c>.</summary>
    Regex,
}
