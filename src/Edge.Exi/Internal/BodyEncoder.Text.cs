using Edge.Exi.Internal.Schema;

namespace Edge.Exi.Internal;

/// <summary>Character content read from an XML source: which whitespace is content (§4) and the whiteSpace facet.</summary>
internal sealed partial class BodyEncoder
{
    /// <summary>
    /// Character content read from XML (§4 and the reference implementation's rules): the whiteSpace facet of a
    /// typed CH the state expects first is applied; without one, whitespace-only text is dropped unless it is the
    /// element's only content or whitespace is preserved (xml:space, preserve.lexicalValues).
    /// </summary>
    public void Text(string text, bool onlyContent, bool preserve)
    {
        if (_inner is not null)
        {
            _inner.Text(text, onlyContent, preserve);
            return;
        }

        SchemaState? state = _frames.Count > 0 ? _frames[^1].State : null;
        if (!preserve)
        {
            WhiteSpace? facet = state is not null && state.Productions.Length > 0 && state.Productions[0].Event == SchemaEvent.Characters
                ? state.Productions[0].Type!.WhiteSpace
                : null;
            text = facet switch
            {
                WhiteSpace.Preserve => text,
                WhiteSpace.Replace => Replace(text),
                WhiteSpace.Collapse => Collapse(text),
                _ => !onlyContent && IsWhitespace(text) ? string.Empty : text,
            };
            if (text.Length == 0)
            {
                return;
            }
        }

        Characters(text);
    }

    private static bool IsWhitespace(string text)
    {
        foreach (char c in text)
        {
            if (c is not (' ' or '\t' or '\n' or '\r'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Replace(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (int i = 0; i < source.Length; i++)
        {
            span[i] = source[i] is '\t' or '\n' or '\r' ? ' ' : source[i];
        }
    });

    private static string Collapse(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                space = result.Length > 0;
            }
            else
            {
                if (space)
                {
                    result.Append(' ');
                    space = false;
                }

                result.Append(c);
            }
        }

        return result.ToString();
    }
}
