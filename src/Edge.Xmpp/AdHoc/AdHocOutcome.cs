using Edge.Xmpp.DataForms;

namespace Edge.Xmpp.AdHoc;

/// <summary>
/// What a completed command answers: notes (an error note = the command failed, §4.3) and a result form; and what
/// runs once the answer is sent (<see cref="After"/>, e.g. telling others of the change).
/// </summary>
public sealed record AdHocOutcome(IReadOnlyList<AdHocNote> Notes, DataForm? Result = null)
{
    public Func<CancellationToken, Task>? After { get; init; }

    public bool Failed => Notes.Any(n => n.Type == "error");

    public static AdHocOutcome Done(string text, DataForm? result = null) => new([AdHocNote.Info(text)], result);

    public static AdHocOutcome Failure(string text) => new([AdHocNote.Error(text)]);
}
