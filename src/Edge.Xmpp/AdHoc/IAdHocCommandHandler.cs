using Edge.Xmpp.DataForms;

namespace Edge.Xmpp.AdHoc;

/// <summary>
/// One command an <see cref="AdHocServer"/> offers. A command with a <see cref="FormFor"/> runs in two steps (§3.4:
/// execute → the form, status executing; the submitted form → completed); one without runs at once.
/// </summary>
public interface IAdHocCommandHandler
{
    /// <summary>The command's node (§2.2).</summary>
    string Node { get; }

    /// <summary>Its label in the command list.</summary>
    string Name { get; }

    /// <summary>The form to fill in, or null when the command takes no input.</summary>
    DataForm? FormFor(Jid requester);

    /// <summary>Runs the command with the submitted form (null when it takes none). A failure is an error note, not an exception.</summary>
    ValueTask<AdHocOutcome> ExecuteAsync(Jid requester, DataForm? submitted, CancellationToken cancellationToken);
}
