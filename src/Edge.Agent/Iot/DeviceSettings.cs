using System.Globalization;
using System.Text.Json;
using Edge.Agent.Internal;
using Edge.Things;
using Edge.Things.Control;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Iot;

/// <summary>
/// The device's own control parameters, on the root node (XEP-0325): one of each of the ten parameter types, so a
/// backend can set demand-response settings and the sampling interval remotely. Values survive restarts in
/// <c>{DataDirectory}/settings.json</c> (a string per setting, written atomically, 0600); a set applies at once. <see cref="SampleInterval"/>
/// drives the sampler; <see cref="LoadShedding"/>, <see cref="ShedUntil"/>, <see cref="ShedPriority"/>,
/// <see cref="ImportLimit"/>, <see cref="EnergyBudget"/>, <see cref="QuietHoursStart"/> and <see cref="QuietHoursEnd"/>
/// drive the demand-response engine; <c>Location</c>, <c>TariffChangeDate</c> and <c>IndicatorColor</c> are site data,
/// stored and reported (as writable status fields).
/// </summary>
public sealed class DeviceSettings
{
    private readonly string _file;
    private readonly ILogger _logger;
    private readonly Lock _saveLock = new();

    public DeviceSettings(string dataDirectory, TimeSpan sampleInterval, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        _file = Path.Combine(dataDirectory, "settings.json");
        _logger = logger;
        LoadShedding = ControlParameter.Boolean("LoadShedding", false, "Load shedding active",
            "Whether a demand-response event asks this site to shed load.");
        ShedPriority = ControlParameter.Int("ShedPriority", 5, 0, 9, "Shedding priority",
            "Loads with a shed priority up to this are shed during an event (0 = shed first, 9 = shed last).");
        ShedUntil = ControlParameter.DateTime("ShedUntil", DateTimeOffset.UnixEpoch, label: "Shed until",
            description: "End of the current demand-response event (UTC); the epoch = no event.");
        ImportLimit = ControlParameter.Double("ImportLimit", 0, 0, 1_000_000, "W", "Grid import limit",
            "Demand-response import limit in W, held on the grid meter's import power; 0 = none.");
        EnergyBudget = ControlParameter.Long("EnergyBudget", 0, 0, 1_000_000_000_000, "Daily energy budget (Wh)",
            "Daily import energy budget in Wh; once used up, non-essential loads stay off until midnight; 0 = none.");
        QuietHoursStart = ControlParameter.Time("QuietHoursStart", new TimeOnly(22, 0), label: "Quiet hours start",
            description: "Local time from which non-essential loads stay off (until QuietHoursEnd; equal = no quiet hours).");
        QuietHoursEnd = ControlParameter.Time("QuietHoursEnd", new TimeOnly(22, 0), label: "Quiet hours end",
            description: "Local time at which quiet hours end (equal to QuietHoursStart = no quiet hours).");
        SampleInterval = ControlParameter.Duration("SampleInterval", sampleInterval, TimeSpan.FromMilliseconds(100),
            TimeSpan.FromDays(1), "Sampling interval", "How often every sensor is read and a reading published.");
        Parameters =
        [
            SampleInterval,
            ControlParameter.String("Location", string.Empty, maxLength: 64, label: "Location",
                description: "Where the device is installed (free text)."),
            ImportLimit,
            LoadShedding,
            ShedPriority,
            EnergyBudget,
            QuietHoursStart,
            QuietHoursEnd,
            ControlParameter.Date("TariffChangeDate", new DateOnly(2027, 1, 1), label: "Next tariff change"),
            ShedUntil,
            ControlParameter.Color("IndicatorColor", new ColorRgba(0, 255, 0), "Indicator colour",
                "Colour of the status indicator (RRGGBB)."),
        ];
        Load();
    }

    /// <summary>How often the sampler reads; the sampler follows changes at once.</summary>
    public ControlParameter<TimeSpan> SampleInterval { get; }

    /// <summary>Whether a demand-response event is asked for (active while <see cref="ShedUntil"/> is in the future).</summary>
    public ControlParameter<bool> LoadShedding { get; }

    /// <summary>The event's end (UTC); the epoch = none.</summary>
    public ControlParameter<DateTimeOffset> ShedUntil { get; }

    /// <summary>The event's depth: loads whose shed priority is at most this are shed.</summary>
    public ControlParameter<int> ShedPriority { get; }

    /// <summary>The import limit in W (0 = none).</summary>
    public ControlParameter<double> ImportLimit { get; }

    /// <summary>The daily import energy budget in Wh (0 = none).</summary>
    public ControlParameter<long> EnergyBudget { get; }

    /// <summary>Start of the quiet hours (local time).</summary>
    public ControlParameter<TimeOnly> QuietHoursStart { get; }

    /// <summary>End of the quiet hours (local time); equal to the start = none.</summary>
    public ControlParameter<TimeOnly> QuietHoursEnd { get; }

    /// <summary>Every setting, in a stable order.</summary>
    public IReadOnlyList<ControlParameter> Parameters { get; }

    /// <summary>Raised after a setting changed and was saved.</summary>
    public event EventHandler<ControlParameter>? Changed;

    /// <summary>Sets one of <see cref="Parameters"/> and saves; a refused value changes nothing.</summary>
    public ControlValidationResult TrySet(ControlParameter parameter, object value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!Parameters.Contains(parameter))
        {
            throw new ArgumentException($"'{parameter.Name}' is not a device setting.", nameof(parameter));
        }

        ControlValidationResult result = parameter.TrySetValue(value);
        if (result.IsValid)
        {
            Save();
            Log.SettingChanged(_logger, parameter.Name, Format(parameter.CurrentValue));
            Changed?.Invoke(this, parameter);
        }

        return result;
    }

    /// <summary>The settings as writable status fields, for a readout of the root node.</summary>
    public IEnumerable<Field> ToFields(DateTimeOffset timestamp) =>
        Parameters.Select(p => new Field(p.Name, p.ToFieldValue(), timestamp, ReadoutTypes.Status) { Writable = true });

    private void Load()
    {
        if (!File.Exists(_file))
        {
            return;
        }

        try
        {
            JsonDataFile.Read(_file, file =>
            {
                foreach (ControlParameter parameter in Parameters)
                {
                    string? text;
                    try
                    {
                        text = file.String(parameter.Name);
                    }
                    catch (JsonException e)
                    {
                        Log.SettingIgnored(_logger, parameter.Name, _file, e.Message);
                        continue;
                    }

                    if (text is null)
                    {
                        continue; // not in the file (a setting added since): its default
                    }

                    ControlValidationResult result = TryParse(parameter.Type, text, out object? value)
                        ? parameter.TrySetValue(value)
                        : ControlValidationResult.Fail(ControlValidationError.WrongType, $"'{text}' is not a {parameter.Type}.");
                    if (!result.IsValid)
                    {
                        Log.SettingIgnored(_logger, parameter.Name, _file, result.Message ?? result.Error.ToString());
                    }
                }

                return true;
            });
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            Log.SettingsUnreadable(_logger, _file, e.Message);
        }
    }

    /// <summary>
    /// Writes every setting as a string property, in <see cref="Parameters"/>' order, indented, replacing the file
    /// atomically (0600; <see cref="JsonDataFile"/>).
    /// </summary>
    private void Save()
    {
        lock (_saveLock)
        {
            try
            {
                JsonDataFile.Write(_file, indented: true, w =>
                {
                    foreach (ControlParameter p in Parameters)
                    {
                        w.WriteString(p.Name, Format(p.CurrentValue));
                    }
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full or failing disk: the setting is in force now and saved with the next change that succeeds.
                Log.SettingsUnsaved(_logger, _file, e.Message);
            }
        }
    }

    /// <summary>The invariant text form a setting is stored in.</summary>
    internal static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset dt => dt.ToString("O", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    internal static bool TryParse(ControlParameterType type, string text, out object? value)
    {
        var c = CultureInfo.InvariantCulture;
        (bool ok, value) = type switch
        {
            ControlParameterType.Boolean => (bool.TryParse(text, out bool b), b),
            ControlParameterType.Color => (ColorRgba.TryParse(text, out ColorRgba color), color),
            ControlParameterType.Date => (DateOnly.TryParseExact(text, "yyyy-MM-dd", c, DateTimeStyles.None, out DateOnly d), d),
            ControlParameterType.DateTime => (DateTimeOffset.TryParse(text, c, DateTimeStyles.RoundtripKind, out DateTimeOffset dt), dt),
            ControlParameterType.Double => (double.TryParse(text, NumberStyles.Float, c, out double x), x),
            ControlParameterType.Duration => (TimeSpan.TryParseExact(text, "c", c, out TimeSpan t), t),
            ControlParameterType.Int => (int.TryParse(text, NumberStyles.Integer, c, out int i), i),
            ControlParameterType.Long => (long.TryParse(text, NumberStyles.Integer, c, out long l), l),
            ControlParameterType.String => (true, text),
            ControlParameterType.Time => (TimeOnly.TryParse(text, c, DateTimeStyles.None, out TimeOnly time), time),
            _ => (false, (object?)null),
        };
        return ok;
    }
}
