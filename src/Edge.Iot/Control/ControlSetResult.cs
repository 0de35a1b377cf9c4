using Edge.Xmpp;

namespace Edge.Iot.Control;

/// <summary>
/// What a device answered to an IQ <c>set</c>: success with its <see cref="ControlSetResponse"/>, or its stanza error
/// with the failing parameter (XEP-0325 <c>paramError</c>) as data.
/// </summary>
public sealed record ControlSetResult
{
    /// <summary>The response of a successful set; null on failure.</summary>
    public ControlSetResponse? Response { get; init; }

    /// <summary>The device's error; null on success.</summary>
    public StanzaError? Error { get; init; }

    /// <summary>The parameter the error concerns (<c>paramError var</c>), if the device named one.</summary>
    public ControlParameterError? ParameterError { get; init; }

    public bool Succeeded => Error is null;

    /// <summary>
    /// Reads the answer to a set. Lenient toward pre-v0.3 devices (slixmpp 1.8): an error carried only as
    /// <c>&lt;setResponse responseCode='NotFound'&gt;&lt;error var='…'&gt;…&lt;/error&gt;&lt;/setResponse&gt;</c>, or a
    /// result whose responseCode is not <c>OK</c>, is mapped to the matching stanza error.
    /// </summary>
    public static ControlSetResult FromResponse(IqResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var payload = response.Stanza.Element(ControlNamespaces.Control + "setResponse");
        var setResponse = payload is null ? null : ControlSetResponse.Parse(payload);
        var parameterError = ControlParameterError.Find(response.Stanza);
        var legacyCode = setResponse?.ResponseCode;
        if (response.Error is { } error)
        {
            var hasErrorElement = response.Stanza.Elements().Any(e => e.Name.LocalName == "error" && e != payload);
            if (!hasErrorElement && legacyCode is not null)
            {
                error = Legacy(legacyCode, parameterError?.Text);
            }

            return new ControlSetResult { Error = error, ParameterError = parameterError };
        }

        if (legacyCode is not null && legacyCode != "OK")
        {
            return new ControlSetResult { Error = Legacy(legacyCode, parameterError?.Text), ParameterError = parameterError };
        }

        return new ControlSetResult { Response = setResponse ?? new ControlSetResponse() };
    }

    public override string ToString() =>
        Succeeded ? "OK"
        : ParameterError is null ? Error!.ToString()
        : $"{Error!.Type}/{Error.Condition}: parameter '{ParameterError.Var}': {ParameterError.Text}";

    /// <summary>The v0.3 revision's table from the old response codes to stanza errors.</summary>
    private static StanzaError Legacy(string code, string? text) => code switch
    {
        "NotFound" => new StanzaError("cancel", "item-not-found", text ?? code),
        "InsufficientPrivileges" => new StanzaError("cancel", "forbidden", text ?? code),
        "Locked" => new StanzaError("wait", "conflict", text ?? code),
        "NotImplemented" => new StanzaError("cancel", "feature-not-implemented", text ?? code),
        "FormError" => new StanzaError("modify", "bad-request", text ?? code),
        _ => new StanzaError("cancel", "undefined-condition", text ?? code),
    };
}
