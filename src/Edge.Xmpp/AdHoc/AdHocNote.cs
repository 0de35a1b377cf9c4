namespace Edge.Xmpp.AdHoc;

/// <summary>A <c>note</c> of a command answer (XEP-0050 §4.3): <c>info</c>, <c>warn</c> or <c>error</c>.</summary>
public sealed record AdHocNote(string Type, string Text)
{
    public static AdHocNote Info(string text) => new("info", text);

    public static AdHocNote Error(string text) => new("error", text);
}
