namespace Edge.Xmpp.DataForms;

/// <summary>The form types of XEP-0004 §3.1 (the <c>type</c> attribute of <c>&lt;x/&gt;</c>).</summary>
public enum DataFormType
{
    /// <summary>The form-processing entity asks for a form to be completed.</summary>
    Form,

    /// <summary>The form-submitting entity submits data.</summary>
    Submit,

    /// <summary>The form-submitting entity cancelled the submission.</summary>
    Cancel,

    /// <summary>Results, or a generic data set.</summary>
    Result,
}
