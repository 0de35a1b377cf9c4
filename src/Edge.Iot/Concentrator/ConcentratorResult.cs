using System.Diagnostics.CodeAnalysis;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator;

/// <summary>
/// A concentrator's answer to one request, "no" included: the value on success, otherwise the XEP-0326 response code
/// and, when the concentrator answered with an error stanza, the stanza error.
/// </summary>
public sealed class ConcentratorResult<T>
{
    /// <summary>A success carrying <paramref name="value"/>.</summary>
    public ConcentratorResult(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Code = ConcentratorResultCode.Ok;
        Value = value;
    }

    /// <summary>A failure: <paramref name="code"/> (not OK) and the stanza error, if the answer was one.</summary>
    public ConcentratorResult(ConcentratorResultCode code, StanzaError? error)
    {
        if (code == ConcentratorResultCode.Ok)
        {
            throw new ArgumentException("A failed result needs a code other than OK.", nameof(code));
        }

        Code = code;
        Error = error;
    }

    /// <summary><see cref="ConcentratorResultCode.Ok"/> on success; otherwise the response code, or one derived from
    /// the stanza error's condition when the answer carried no code.</summary>
    public ConcentratorResultCode Code { get; }

    /// <summary>The answer; set exactly when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The stanza error, when the concentrator answered <c>type='error'</c>.</summary>
    public StanzaError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Code == ConcentratorResultCode.Ok;

    public override string ToString() =>
        Succeeded ? $"OK: {Value}" : Error is null ? Code.ToString() : $"{Code} ({Error})";
}
