using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;

namespace Edge.Agent.Cli;

/// <summary>
/// The command line's <c>--json</c> output: one JSON object on one line, from a <c>Dictionary&lt;string, object?&gt;</c>
/// whose values are null, strings, booleans, numbers (<see cref="double"/>, <see cref="int"/>, <see cref="long"/>),
/// string-to-string maps (written as objects), nested objects of the same kind, and arrays of any of these. Written
/// straight through a <see cref="Utf8JsonWriter"/> (no serializer in the agent): the same escaping and number forms as
/// System.Text.Json's serializer wrote before, which scripts parse. Another type of value throws
/// <see cref="NotSupportedException"/> (the tests print every verb's JSON).
/// </summary>
internal static class CliJson
{
    /// <summary>One JSON object on one line.</summary>
    public static string Line(Dictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d:
                writer.WriteNumberValue(d); // NaN and infinities are not JSON: ArgumentException, as the serializer threw
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case IEnumerable<KeyValuePair<string, string>> map:
                writer.WriteStartObject();
                foreach ((string name, string text) in map)
                {
                    writer.WriteString(name, text);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> properties:
                writer.WriteStartObject();
                foreach ((string name, object? item) in properties)
                {
                    writer.WritePropertyName(name);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (object? item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"--json has no form for a {value.GetType().Name}");
        }
    }
}
