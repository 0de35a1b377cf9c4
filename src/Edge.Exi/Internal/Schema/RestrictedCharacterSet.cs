namespace Edge.Exi.Internal.Schema;

/// <summary>
/// The restricted character set of a string type with a pattern facet (EXI 1.0 §7.1.10.1): the characters the
/// pattern can match, when they are few (at most 255). Patterns with '.', category escapes (\p, \P), multi-character
/// escapes other than \s, characters beyond the BMP, or a class spanning more than 256 characters have no
/// restricted set; the same rules as the reference implementation, so both agree on which types use one.
/// </summary>
internal static class RestrictedCharacterSet
{
    public const int MaxCharacters = 255;

    /// <summary>Computes the sorted character set of an XML Schema regular expression, or returns false.</summary>
    public static bool TryCompute(string pattern, out int[] characters)
    {
        characters = [];
        foreach (char c in pattern)
        {
            if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        var set = new SortedSet<int>();
        var parser = new Parser(pattern, set);
        try
        {
            if (!parser.Run())
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        if (set.Count == 0 || set.Count > MaxCharacters)
        {
            return false;
        }

        characters = [.. set];
        return true;
    }

    /// <summary>A recursive-descent reader of XML Schema regular expressions (part 2 appendix F) collecting characters.</summary>
    private sealed class Parser(string pattern, SortedSet<int> set)
    {
        private static readonly (int Low, int High)[] Whitespace = [('\t', '\n'), ('\r', '\r'), (' ', ' ')];
        private int _at;

        public bool Run()
        {
            while (_at < pattern.Length)
            {
                if (!Atom())
                {
                    return false;
                }

                if (set.Count > MaxCharacters)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>One atom with its quantifier, or a branch/group delimiter; false when no restricted set exists.</summary>
        private bool Atom()
        {
            char c = pattern[_at++];
            switch (c)
            {
                case '|' or '(' or ')':
                    return true;
                case '?' or '*' or '+':
                    return true;
                case '{':
                    int close = pattern.IndexOf('}', _at);
                    _at = close < 0 ? throw new FormatException() : close + 1;
                    return true;
                case '.':
                    return false;
                case '[':
                    List<(int Low, int High)>? ranges = CharacterClass();
                    return ranges is not null && AddRanges(ranges);
                case '\\':
                    List<(int Low, int High)>? escaped = Escape();
                    return escaped is not null && AddRanges(escaped);
                default:
                    set.Add(c);
                    return true;
            }
        }

        private bool AddRanges(List<(int Low, int High)> ranges)
        {
            foreach ((int low, int high) in ranges)
            {
                if (high - low > MaxCharacters)
                {
                    return false;
                }

                for (int c = low; c <= high; c++)
                {
                    set.Add(c);
                }
            }

            return true;
        }

        /// <summary>A character class after '[': positive or negative group, ranges, and a subtraction.</summary>
        private List<(int Low, int High)>? CharacterClass()
        {
            bool negative = _at < pattern.Length && pattern[_at] == '^';
            if (negative)
            {
                _at++;
            }

            var ranges = new List<(int Low, int High)>();
            bool first = true;
            while (true)
            {
                if (_at >= pattern.Length)
                {
                    throw new FormatException();
                }

                char c = pattern[_at];
                if (c == ']' && !first)
                {
                    _at++;
                    break;
                }

                if (c == '-' && _at + 1 < pattern.Length && pattern[_at + 1] == '[' && !first)
                {
                    _at += 2;
                    List<(int Low, int High)>? subtracted = CharacterClass();
                    if (subtracted is null)
                    {
                        return null;
                    }

                    ranges = Subtract(ranges, subtracted);
                    if (_at >= pattern.Length || pattern[_at] != ']')
                    {
                        throw new FormatException();
                    }

                    _at++;
                    break;
                }

                first = false;
                _at++;
                List<(int Low, int High)>? item;
                if (c == '\\')
                {
                    item = Escape();
                    if (item is null)
                    {
                        return null;
                    }
                }
                else
                {
                    item = [(c, c)];
                }

                if (item.Count == 1 && item[0].Low == item[0].High && _at + 1 < pattern.Length && pattern[_at] == '-' && pattern[_at + 1] is not (']' or '['))
                {
                    _at++;
                    char endChar = pattern[_at++];
                    int end = endChar == '\\' ? SingleEscape(pattern[_at++]) : endChar;
                    item = [(item[0].Low, end)];
                }

                ranges.AddRange(item);
            }

            return negative ? Complement(ranges) : ranges;
        }

        /// <summary>An escape after '\': a single character, \s, or null for escapes with large sets.</summary>
        private List<(int Low, int High)>? Escape()
        {
            char c = pattern[_at++];
            switch (c)
            {
                case 's':
                    return [.. Whitespace];
                case 'S' or 'i' or 'I' or 'c' or 'C' or 'd' or 'D' or 'w' or 'W' or 'p' or 'P':
                    return null;
                default:
                    int single = SingleEscape(c);
                    return [(single, single)];
            }
        }

        private static int SingleEscape(char c) => c switch
        {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '\\' or '|' or '.' or '?' or '*' or '+' or '(' or ')' or '{' or '}' or '-' or '[' or ']' or '^' => c,
            _ => throw new FormatException(),
        };

        private static List<(int Low, int High)> Complement(List<(int Low, int High)> ranges)
        {
            var result = new List<(int Low, int High)>();
            int next = 0;
            foreach ((int low, int high) in ranges.OrderBy(r => r.Low))
            {
                if (low > next)
                {
                    result.Add((next, low - 1));
                }

                next = Math.Max(next, high + 1);
            }

            if (next <= 0x10FFFF)
            {
                result.Add((next, 0x10FFFF));
            }

            return result;
        }

        private static List<(int Low, int High)> Subtract(List<(int Low, int High)> ranges, List<(int Low, int High)> minus)
        {
            var kept = new List<(int Low, int High)>();
            foreach ((int low, int high) in ranges)
            {
                var pieces = new List<(int Low, int High)> { (low, high) };
                foreach ((int ml, int mh) in minus)
                {
                    var next = new List<(int Low, int High)>();
                    foreach ((int pl, int ph) in pieces)
                    {
                        if (mh < pl || ml > ph)
                        {
                            next.Add((pl, ph));
                            continue;
                        }

                        if (ml > pl)
                        {
                            next.Add((pl, ml - 1));
                        }

                        if (mh < ph)
                        {
                            next.Add((mh + 1, ph));
                        }
                    }

                    pieces = next;
                }

                kept.AddRange(pieces);
            }

            return kept;
        }
    }
}
