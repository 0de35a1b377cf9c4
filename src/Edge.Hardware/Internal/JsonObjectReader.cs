using System.Globalization;
using System.Text.Json;
using Edge.Hardware.Profiles;

namespace Edge.Hardware.Internal;

/// <summary>Reads one JSON object of a profile, naming the full key path in every error, and rejecting unknown keys.</summary>
internal sealed class JsonObjectReader
{
    private readonly string _source;
    private readonly JsonElement _element;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public JsonObjectReader(string source, string path, JsonElement element)
    {
        _source = source;
        Path = path;
        _element = element;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"expected an object, found {element.ValueKind}");
        }
    }

    public string Path { get; }

    /// <summary>Parses a profile document (comments allowed); malformed JSON is a <see cref="ProfileException"/>.</summary>
    public static JsonDocument ParseDocument(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ProfileException(source, "(document)", $"not valid JSON: {e.Message}");
        }
    }

    public ProfileException Error(string key, string problem) => new(_source, key, problem);

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => _element.TryGetProperty(key, out JsonElement v) && v.ValueKind != JsonValueKind.Null;

    public string String(string key) => OptionalString(key) ?? throw Error(KeyPath(key), "is required");

    public string? OptionalString(string key)
    {
        if (!TryGet(key, out JsonElement v))
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw Error(KeyPath(key), $"expected a non-empty string, found {Show(v)}");
    }

    public double Double(string key, double? fallback = null, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!TryGet(key, out JsonElement v))
        {
            return fallback ?? throw Error(KeyPath(key), "is required");
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || d < min || d > max)
        {
            throw Error(KeyPath(key), $"expected a number in {Range(min, max)}, found {Show(v)}");
        }

        return d;
    }

    public int Int(string key, int? fallback = null, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryGet(key, out JsonElement v))
        {
            return fallback ?? throw Error(KeyPath(key), "is required");
        }

        // Integers may be written in hex as strings ("0x76"), the way addresses appear in datasheets.
        if (v.ValueKind == JsonValueKind.String && v.GetString() is string s
            && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int hex)
            && hex >= min && hex <= max)
        {
            return hex;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i) || i < min || i > max)
        {
            throw Error(KeyPath(key), $"expected an integer in {Range(min, max)}, found {Show(v)}");
        }

        return i;
    }

    public bool Bool(string key, bool fallback)
    {
        if (!TryGet(key, out JsonElement v))
        {
            return fallback;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(KeyPath(key), $"expected true or false, found {Show(v)}"),
        };
    }

    public TimeSpan Milliseconds(string key, double fallback) =>
        TimeSpan.FromMilliseconds(Double(key, fallback, 0, TimeSpan.FromDays(1).TotalMilliseconds));

    public TEnum Enum<TEnum>(string key, TEnum? fallback = null)
        where TEnum : struct, Enum
    {
        string? s = OptionalString(key);
        if (s is null)
        {
            return fallback ?? throw Error(KeyPath(key), "is required");
        }

        return System.Enum.TryParse(s, ignoreCase: true, out TEnum value) && System.Enum.IsDefined(value)
            ? value
            : throw Error(KeyPath(key), $"'{s}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
    }

    public IEnumerable<JsonObjectReader> Objects(string key, bool required = false)
    {
        if (!TryGet(key, out JsonElement v))
        {
            if (required)
            {
                throw Error(KeyPath(key), "is required");
            }

            yield break;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            throw Error(KeyPath(key), $"expected an array, found {v.ValueKind}");
        }

        int i = 0;
        foreach (JsonElement item in v.EnumerateArray())
        {
            yield return new JsonObjectReader(_source, $"{KeyPath(key)}[{i++}]", item);
        }
    }

    public JsonObjectReader? Object(string key) =>
        TryGet(key, out JsonElement v) ? new JsonObjectReader(_source, KeyPath(key), v) : null;

    /// <summary>Throws for the first key that was never asked for: a typo must not be silently ignored.</summary>
    public void RejectUnknownKeys()
    {
        foreach (JsonProperty p in _element.EnumerateObject())
        {
            if (!_seen.Contains(p.Name))
            {
                throw Error(KeyPath(p.Name), "is not a known key");
            }
        }
    }

    private bool TryGet(string key, out JsonElement value)
    {
        _ = _seen.Add(key);
        return _element.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private static string Show(JsonElement v) => v.ValueKind == JsonValueKind.String ? $"'{v.GetString()}'" : v.GetRawText();

    private static string Range(double min, double max) => string.Create(CultureInfo.InvariantCulture,
        $"{(min == double.MinValue || min == int.MinValue ? "(-∞" : "[" + min)}, {(max == double.MaxValue || max == int.MaxValue ? "∞)" : max + "]")}");
}
