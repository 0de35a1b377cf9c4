using System.Text;
using Edge.Iot.Control;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.DataForms;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge control</c>: sets control parameters of a device over XEP-0325 (<c>urn:xmpp:iot:control</c>), or prints its
/// control form (<c>--form</c>): each parameter with its type, current value and allowed range. Assignments are
/// <c>name:type=value</c>, or <c>name=value</c> typed from the device's form. A value that is not of its type is refused
/// here, before anything is sent; the device's own refusal (out of range, a relay safety rule, an unknown parameter)
/// is printed with the parameter it names and exits 1.
/// </summary>
public static class ControlCommand
{
    public const string Help = """
        edge control --jid JID --password PW --device DEVICE [--node ID ...] (--form | NAME[:TYPE]=VALUE ...) [options]

          Sets control parameters of a device (XEP-0325), or prints its control form.

          NAME:TYPE=VALUE    a parameter to set; TYPE: boolean, color, date, dateTime, double, duration, int, long,
                             string, time. Without :TYPE the type comes from the device's control form.
                             Examples: State=true  SampleInterval:duration=PT5S  Setpoint:double=21.5
          --node ID          the node to control (repeatable; default: the device itself; ids from 'edge nodes')
          --source ID        the data source of the nodes
          --form             print the control form: parameters, types, current values, ranges
          --json             with --form: one JSON object per parameter
          --message          send the set as a message: no answer, nothing confirmed (XEP-0325 §3.1.1)
        """;

    /// <summary>The options of this verb that take no value.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal) { "form", "json", "message" };

    private static readonly string[] Own = ["node", "source", "form", "json", "message"];

    public static Task<int> RunAsync(CommandLine cl, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        cl.RejectUnknown([.. DeviceSession.Names, .. Own]);
        var source = cl.Value("source");
        var nodes = cl.Values("node").Select(n => new ThingReference(n, source)).ToArray();
        var form = cl.Flag("form");
        var assignments = cl.Positionals;
        if (form == (assignments.Count > 0))
        {
            throw new CommandLineException(form ? "--form prints the form; give no assignments with it." : "Give NAME[:TYPE]=VALUE to set, or --form.");
        }

        if (cl.Flag("json") && !form)
        {
            throw new CommandLineException("--json goes with --form.");
        }

        // Typed assignments are checked before connecting: a typo never reaches the device.
        var typed = assignments.All(a => a[..Math.Max(0, a.IndexOf('=', StringComparison.Ordinal))].Contains(':', StringComparison.Ordinal))
            ? Parse(assignments, null)
            : null;
        var target = nodes.Length == 0 ? "the device" : string.Join(", ", nodes.Select(n => n.ToString()));
        return DeviceSession.RunAsync(cl, error, async (client, device, token) =>
        {
            var control = new ControlClient(client);
            DataForm? current = null;
            if (form || typed is null)
            {
                var answer = await control.GetFormAsync(device, nodes, token).ConfigureAwait(false);
                if (!answer.Succeeded)
                {
                    await error.WriteLineAsync($"{device} refused the control form of {target}: {answer.Error}").ConfigureAwait(false);
                    return DeviceSession.Refused;
                }

                current = answer.Form!;
                if (form)
                {
                    await output.WriteAsync(cl.Flag("json") ? FormJson(current) : FormTable(current)).ConfigureAwait(false);
                    return 0;
                }
            }

            List<ControlValue> values;
            try
            {
                values = typed ?? Parse(assignments, current);
            }
            catch (CommandLineException e)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return DeviceSession.Usage;
            }

            var list = string.Join(", ", values.Select(v => $"{v.Name}={v.Lexical}"));
            if (cl.Flag("message"))
            {
                await control.SendSetMessageAsync(device, nodes, values, token).ConfigureAwait(false);
                await output.WriteLineAsync($"Sent {list} to {target} by message (the device does not confirm).").ConfigureAwait(false);
                return 0;
            }

            var result = await control.SetAsync(device, nodes, values, token).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                await error.WriteLineAsync($"{device} refused to set {list} on {target}: {result}").ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            var response = result.Response!;
            var used = response.Nodes.Count == 0 && response.ParameterNames.Count == 0
                ? string.Empty
                : $" (the device used: {string.Join(", ", response.Nodes.Select(n => n.ToString()).Concat(response.ParameterNames))})";
            await output.WriteLineAsync($"OK: {list} set on {target}{used}.").ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    private static List<ControlValue> Parse(IEnumerable<string> assignments, DataForm? form)
    {
        var values = new List<ControlValue>();
        foreach (var assignment in assignments)
        {
            try
            {
                values.Add(ControlValue.ParseArgument(assignment, form));
            }
            catch (FormatException e)
            {
                throw new CommandLineException(e.Message);
            }
        }

        return values;
    }

    /// <summary>The form as a table: parameter, type, current value, allowed values, read-only flag, label.</summary>
    public static string FormTable(DataForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var rows = Rows(form).Select(r => new[] { r.Var, r.Type, r.Value, r.Allowed + (r.ReadOnly ? " (read-only)" : string.Empty), r.Label })
            .ToList();
        var table = TextTable.Render(["parameter", "type", "value", "allowed", "label"], rows);
        return string.IsNullOrEmpty(form.Title) ? table : form.Title + "\n" + table;
    }

    private static string FormJson(DataForm form)
    {
        var sb = new StringBuilder();
        foreach (var r in Rows(form))
        {
            _ = sb.Append(CliJson.Line(new Dictionary<string, object?>
            {
                ["name"] = r.Var,
                ["type"] = r.Type,
                ["value"] = r.Value,
                ["min"] = r.Field.Validation?.Minimum,
                ["max"] = r.Field.Validation?.Maximum,
                ["options"] = r.Field.Options.Select(o => o.Value).ToArray(),
                ["readOnly"] = r.ReadOnly,
                ["label"] = r.Label,
            })).Append('\n');
        }

        return sb.ToString();
    }

    private static IEnumerable<(DataFormField Field, string Var, string Type, string Value, string Allowed, bool ReadOnly, string Label)> Rows(DataForm form) =>
        form.Fields.Where(f => f.Var is not null && f.EffectiveType != DataFormFieldType.Fixed && f.EffectiveType != DataFormFieldType.Hidden)
            .Select(f => (f, f.Var!, ControlValue.TypeName(ControlForm.TypeOf(f)), string.Join(",", f.Values), Allowed(f),
                ControlForm.IsReadOnly(f), f.Label ?? string.Empty));

    private static string Allowed(DataFormField field)
    {
        if (field.Options.Count > 0)
        {
            return string.Join("|", field.Options.Select(o => o.Value));
        }

        return field.Validation switch
        {
            null => string.Empty,
            { Minimum: null, Maximum: null, Pattern: { } pattern } => "/" + pattern + "/",
            { Minimum: null, Maximum: null } => string.Empty,
            var v => $"{v.Minimum ?? "…"}..{v.Maximum ?? "…"}",
        };
    }
}
