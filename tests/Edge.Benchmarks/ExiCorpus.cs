using System.Globalization;
using System.Text;

namespace Edge.Benchmarks;

/// <summary>The benchmark corpus: the same shapes as the EXI interop corpus in tests/Edge.Exi.Tests/Vectors.</summary>
public static class ExiCorpus
{
    private static readonly string[] Names = ["Temperature", "Humidity", "Pressure", "Voltage", "Current", "Power", "Energy", "Frequency", "PowerFactor", "CO2"];
    private static readonly string[] Units = ["°C", "%", "hPa", "V", "A", "W", "kWh", "Hz", "", "ppm"];

    public static IReadOnlyList<string> All { get; } = ["fields2", "fields10", "fields50", "control-set", "pubsub-publish"];

    public static string Stanza(string name) => name switch
    {
        "fields2" => Message(2, 1),
        "fields10" => Message(10, 2),
        "fields50" => Message(50, 3),
        "control-set" => "<iq xmlns='jabber:client' type='set' id='ctl1' from='client@example.org/app' to='meter1@example.org/edge'><set xmlns='urn:xmpp:iot:control'><boolean name='Relay1' value='true'/><int name='Setpoint' value='21'/><double name='Limit' value='16.5'/></set></iq>",
        "pubsub-publish" => "<iq xmlns='jabber:client' type='set' id='pub1' from='meter1@example.org/edge' to='pubsub.example.org'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:edge:meter1'><item id='meter1-42'>" + Fields(10, 42) + "</item></publish></pubsub></iq>",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static string Message(int fields, int seq) =>
        $"<message xmlns='jabber:client' from='meter1@example.org/edge' to='client@example.org/app' id='m{seq}'>{Fields(fields, seq)}</message>";

    private static string Fields(int count, int seq)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<fields xmlns='urn:xmpp:iot:sensordata' seqnr='{seq}' done='true'><node nodeId='meter1'><timestamp value='2026-11-23T09:00:{seq:00}Z'>");
        for (int i = 0; i < count; i++)
        {
            string name = Names[i % 10] + (i < 10 ? string.Empty : (i / 10).ToString(CultureInfo.InvariantCulture));
            double value = ((i * 7.3) + 11) % 100;
            text.Append(CultureInfo.InvariantCulture, $"<numeric name='{name}' momentary='true' automaticReadout='true' value='{value:0.0}' unit='{Units[i % 10]}'/>");
        }

        return text.Append("</timestamp></node></fields>").ToString();
    }
}
