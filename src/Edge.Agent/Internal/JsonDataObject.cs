using System.Globalization;
using System.Text.Json;

namespace Edge.Agent.Internal;

/// <summary>
/// One JSON object of a <see cref="JsonDataFile"/>, read by property name into typed values. It accepts what the
/// source-generated serializer that wrote these files before accepted: names matched exactly, unknown properties
/// ignored (a newer version's file still loads), a missing property or <c>null</c> read as the default (null, 0,
/// false, empty). A value of the wrong kind throws <see cref="JsonException"/> naming the property's path and what was
/// expected (<c>$.loads[2].shedAt: expected a date and time, found a number</c>), never the value itself.
/// </summary>
internal readonly struct JsonDataObject
{
    private readonly JsonElement _element;

    /// <summary>Wraps <paramref name="element"/>, which must be an object.</summary>
    /// <param name="element">The object.</param>
    /// <param name="path">Its path from the root (<c>$</c>, <c>$.loads[2]</c>), for errors.</param>
    public JsonDataObject(JsonElement element, string path)
    {
        Path = path;
        _element = element.ValueKind == JsonValueKind.Object ? element : throw Mismatch(path, "an object", element);
    }

    /// <summary>The object's path from the root of the file.</summary>
    public string Path { get; }

    /// <summary>A string; null when missing or null.</summary>
    public string? String(string name) =>
        Get(name, out JsonElement v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw Error(name, "a string", v) : null;

    /// <summary>true or false; false when missing or null.</summary>
    public bool Bool(string name) =>
        Get(name, out JsonElement v) && v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(name, "true or false", v),
        };

    /// <summary>A 32-bit integer; 0 when missing or null.</summary>
    public int Int32(string name) =>
        !Get(name, out JsonElement v) ? 0
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw Error(name, "a 32-bit integer", v);

    /// <summary>A 64-bit integer; 0 when missing or null.</summary>
    public long Int64(string name) =>
        !Get(name, out JsonElement v) ? 0
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : throw Error(name, "a 64-bit integer", v);

    /// <summary>A number; 0 when missing or null.</summary>
    public double Double(string name) =>
        !Get(name, out JsonElement v) ? 0
        : v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) ? d : throw Error(name, "a number", v);

    /// <summary>An ISO 8601 date and time (<c>2026-12-06T18:00:00+01:00</c>, as the writer writes it); null when missing or null.</summary>
    public DateTimeOffset? DateTimeOffset(string name) =>
        !Get(name, out JsonElement v) ? null
        : v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out DateTimeOffset t) ? t : throw Error(name, "a date and time", v);

    /// <summary>A date (<c>2026-12-06</c>); null when missing or null.</summary>
    public DateOnly? Date(string name) =>
        !Get(name, out JsonElement v) ? null
        : v.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)
            ? d
            : throw Error(name, "a date (yyyy-MM-dd)", v);

    /// <summary>
    /// One of <typeparamref name="TEnum"/>'s names, in any case, or its number: what the serializer's string enum
    /// converter read. The default when missing or null.
    /// </summary>
    public TEnum Enum<TEnum>(string name)
        where TEnum : struct, Enum
    {
        if (!Get(name, out JsonElement v))
        {
            return default;
        }

        TEnum value = default;
        bool ok = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() is { Length: > 0 } s && char.IsAsciiLetter(s[0])
                && System.Enum.TryParse(s, ignoreCase: true, out value),
            JsonValueKind.Number => v.TryGetInt32(out int number) && System.Enum.TryParse(
                number.ToString(CultureInfo.InvariantCulture), out value),
            _ => false,
        };
        return ok && System.Enum.IsDefined(value) ? value
            : throw Error(name, "one of " + string.Join(", ", System.Enum.GetNames<TEnum>()), v);
    }

    /// <summary>An array of strings; null when missing or null.</summary>
    public string[]? Strings(string name)
    {
        if (!Get(name, out JsonElement v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            throw Error(name, "an array of strings", v);
        }

        var strings = new string[v.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in v.EnumerateArray())
        {
            strings[i] = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Error(Index(name, i), "a string", item);
            i++;
        }

        return strings;
    }

    /// <summary>An array of objects, each read by <paramref name="read"/>; null when missing or null.</summary>
    public List<T>? Objects<T>(string name, Func<JsonDataObject, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!Get(name, out JsonElement v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            throw Error(name, "an array of objects", v);
        }

        var list = new List<T>(v.GetArrayLength());
        foreach (JsonElement item in v.EnumerateArray())
        {
            list.Add(read(new JsonDataObject(item, KeyPath(Index(name, list.Count)))));
        }

        return list;
    }

    private static string Index(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]");

    private bool Get(string name, out JsonElement value) =>
        _element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private string KeyPath(string name) => Path + "." + name;

    private JsonException Error(string name, string expected, JsonElement found) => Mismatch(KeyPath(name), expected, found);

    private static JsonException Mismatch(string path, string expected, JsonElement found) =>
        new($"{path}: expected {expected}, found {found.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "null",
        }}");
}
