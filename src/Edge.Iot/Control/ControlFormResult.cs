using Edge.Xmpp;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Control;

/// <summary>What a device answered to <c>getForm</c>: its control form, or its stanza error as data.</summary>
public sealed record ControlFormResult
{
    /// <summary>The control form; null on failure.</summary>
    public DataForm? Form { get; init; }

    /// <summary>The device's error; null on success.</summary>
    public StanzaError? Error { get; init; }

    public bool Succeeded => Error is null;

    /// <summary>
    /// Reads the answer to getForm: the <c>x</c> form in the result (directly, as XEP-0325's examples send it, or
    /// inside any wrapper). A result without a form, or with a malformed one, throws <see cref="XmppProtocolException"/>.
    /// </summary>
    public static ControlFormResult FromResponse(IqResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Error is { } error)
        {
            return new ControlFormResult { Error = error };
        }

        var x = response.Stanza.Descendants(DataFormsNamespaces.Data + "x").FirstOrDefault()
            ?? throw new XmppProtocolException("The getForm result carries no data form.");
        return new ControlFormResult { Form = DataForm.Parse(x, DataFormType.Form) };
    }
}
