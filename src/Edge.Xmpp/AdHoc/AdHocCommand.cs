using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Xmpp.DataForms;

namespace Edge.Xmpp.AdHoc;

/// <summary>
/// The <c>command</c> element of XEP-0050 (§Schema), both ways: the node, the session, the requester's action or the
/// responder's status, the notes and an optional data form (XEP-0004).
/// </summary>
public sealed record AdHocCommand(string Node)
{
    /// <summary>The longest node or session id read (bounded parsing).</summary>
    public const int MaxIdLength = 1024;

    private static readonly string[] Actions = ["execute", "cancel", "complete", "next", "prev"];
    private static readonly string[] Statuses = ["executing", "completed", "canceled"];

    public string? SessionId { get; init; }

    /// <summary>execute, cancel, complete, next or prev (requests); null = execute (§4.1).</summary>
    public string? Action { get; init; }

    /// <summary>executing, completed or canceled (answers).</summary>
    public string? Status { get; init; }

    public IReadOnlyList<AdHocNote> Notes { get; init; } = [];

    public DataForm? Form { get; init; }

    /// <summary>The first error note, if the command completed but failed (§4.3: failure is an error note).</summary>
    public string? ErrorNote => Notes.FirstOrDefault(n => n.Type == "error")?.Text;

    public XElement ToElement()
    {
        var e = new XElement(AdHocNamespaces.Commands + "command", new XAttribute("node", Node));
        e.SetAttributeValue("sessionid", SessionId);
        e.SetAttributeValue("action", Action);
        e.SetAttributeValue("status", Status);
        if (Status == "executing")
        {
            e.Add(new XElement(AdHocNamespaces.Commands + "actions", new XAttribute("execute", "complete"),
                new XElement(AdHocNamespaces.Commands + "complete")));
        }

        e.Add(Notes.Select(n => new XElement(AdHocNamespaces.Commands + "note", new XAttribute("type", n.Type), n.Text)));
        if (Form is not null)
        {
            e.Add(Form.ToElement());
        }

        return e;
    }

    /// <summary>Reads a <c>command</c> element; a form inside without a type is read as a submission.</summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out AdHocCommand? command, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        command = null;
        if (element.Name != AdHocNamespaces.Commands + "command")
        {
            error = $"Expected <command xmlns='{AdHocNamespaces.Feature}'/>, got <{element.Name.LocalName}/>.";
            return false;
        }

        var node = (string?)element.Attribute("node");
        var session = (string?)element.Attribute("sessionid");
        var action = (string?)element.Attribute("action");
        var status = (string?)element.Attribute("status");
        if (string.IsNullOrEmpty(node) || node.Length > MaxIdLength || session?.Length > MaxIdLength)
        {
            error = $"<command/> needs a 'node' (and at most a 'sessionid') of 1 to {MaxIdLength} characters.";
            return false;
        }

        if ((action is not null && !Actions.Contains(action)) || (status is not null && !Statuses.Contains(status)))
        {
            error = $"<command/> has an unknown action '{action}' or status '{status}'.";
            return false;
        }

        DataForm? form = null;
        var x = element.Element(DataFormsNamespaces.Data + "x");
        if (x is not null && !DataForm.TryParse(x, DataFormType.Submit, out form, out error))
        {
            return false;
        }

        command = new AdHocCommand(node)
        {
            SessionId = string.IsNullOrEmpty(session) ? null : session,
            Action = action,
            Status = status,
            Form = form,
            Notes = [.. element.Elements(AdHocNamespaces.Commands + "note").Select(n => new AdHocNote((string?)n.Attribute("type") ?? "info", n.Value))],
        };
        error = null;
        return true;
    }
}
