namespace Edge.Xmpp.DataForms;

/// <summary>One option of a <c>list-single</c> or <c>list-multi</c> field: its value and optional label.</summary>
public sealed record DataFormOption(string Value, string? Label = null);
