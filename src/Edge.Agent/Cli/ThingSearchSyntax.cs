using System.Globalization;
using Edge.Iot.Discovery;

namespace Edge.Agent.Cli;

/// <summary>
/// The conditions of <c>edge things search</c>, one argument each, all of which must hold (XEP-0347 §Search):
/// <c>NAME=VALUE</c> equal, <c>NAME!=VALUE</c> not equal, <c>NAME&gt;VALUE</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>,
/// <c>NAME=MIN..MAX</c> within the range (ends included), <c>NAME!=MIN..MAX</c> outside it, <c>NAME~MASK</c> a string
/// mask where <c>*</c> stands for any run of characters. The XEP's numeric tags (ALT, LAT, LON, V) and a name written
/// with <c>#</c> (<c>#FLOOR&gt;=2</c>) compare as numbers; every other name, or one written with <c>$</c>, as text
/// (ordinal). Tag names are case-insensitive.
/// </summary>
public static class ThingSearchSyntax
{
    public const string Help = """
          Conditions (all must hold; quote them for the shell):
            NAME=VALUE  NAME!=VALUE  NAME>VALUE  NAME>=VALUE  NAME<VALUE  NAME<=VALUE
            NAME=MIN..MAX  (within, ends included)   NAME!=MIN..MAX  (outside)   NAME~MASK  (* = any run of characters)
          ALT, LAT, LON and V, and a name written #NAME, compare as numbers; other names (or $NAME) as text.
          Examples: MAN=acme   'V>=2'   'SN~AB*'   LAT=59..60   '#FLOOR!=3'
        """;

    private static readonly string[] Operators = ["!=", ">=", "<=", "=", ">", "<", "~"];

    /// <summary>One condition; a <see cref="CommandLineException"/> says what is wrong with it.</summary>
    public static SearchOperator Parse(string condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var at = condition.IndexOfAny(['=', '!', '<', '>', '~']);
        var op = at < 0 ? null : Array.Find(Operators, o => string.CompareOrdinal(condition, at, o, 0, o.Length) == 0);
        if (at <= 0 || op is null)
        {
            throw new CommandLineException(
                $"'{condition}' is not a condition: write NAME=VALUE, NAME!=VALUE, NAME>VALUE, NAME>=VALUE, NAME<VALUE, NAME<=VALUE, NAME=MIN..MAX or NAME~MASK.");
        }

        var name = condition[..at];
        var value = condition[(at + op.Length)..];
        var numeric = name[0] == '#' || (name[0] != '$' && MetaTagNames.Numeric.Contains(name.ToUpperInvariant()));
        name = name.TrimStart('#', '$');
        if (!MetaTag.TryCreate(name, string.Empty, null, out _, out var nameError))
        {
            throw new CommandLineException($"'{condition}': {nameError}");
        }

        var range = op is "=" or "!=" ? value.Split("..") : [value];
        if (range.Length == 2)
        {
            return numeric
                ? SearchOperator.NumericRange(name, Number(condition, name, range[0]), true, Number(condition, name, range[1]), true, outside: op == "!=")
                : SearchOperator.StringRange(name, range[0], true, range[1], true, outside: op == "!=");
        }

        if (op == "~")
        {
            return numeric
                ? throw new CommandLineException($"'{condition}': {name} is numeric, and XEP-0347 has no numeric mask (write ${name}~… to match it as text).")
                : SearchOperator.Mask(name, value);
        }

        var (text, number) = op switch
        {
            "=" => (SearchOperatorKind.StrEq, SearchOperatorKind.NumEq),
            "!=" => (SearchOperatorKind.StrNEq, SearchOperatorKind.NumNEq),
            ">" => (SearchOperatorKind.StrGt, SearchOperatorKind.NumGt),
            ">=" => (SearchOperatorKind.StrGtEq, SearchOperatorKind.NumGtEq),
            "<" => (SearchOperatorKind.StrLt, SearchOperatorKind.NumLt),
            _ => (SearchOperatorKind.StrLtEq, SearchOperatorKind.NumLtEq),
        };
        return numeric ? SearchOperator.Numeric(number, name, Number(condition, name, value)) : SearchOperator.String(text, name, value);
    }

    private static double Number(string condition, string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n
            : throw new CommandLineException($"'{condition}': '{text}' is not a number ({name} compares as a number; write ${name} to compare it as text).");
}
