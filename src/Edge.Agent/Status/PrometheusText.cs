using System.Globalization;
using System.Text;

namespace Edge.Agent.Status;

/// <summary>
/// <c>/metrics</c>: an <see cref="AgentStatus"/> in the Prometheus text exposition format 0.0.4 (one <c># HELP</c> and
/// <c># TYPE</c> per family, counters named <c>*_total</c>, label values escaped as the format says: backslash, double
/// quote, line feed). Written directly: no metrics library (a registry of live collectors) for a dozen numbers that
/// already exist in the agent.
/// </summary>
public static class PrometheusText
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The metrics of <paramref name="s"/>.</summary>
    public static string Write(AgentStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var b = new StringBuilder(4096);
        ConnectionStatus c = s.Connection;
        Family(b, "edge_xmpp_up", "gauge", "Whether the XMPP session is up (1) or not (0).", c.Up ? 1 : 0);
        Family(b, "edge_xmpp_tls", "gauge", "Whether the current XMPP session runs over TLS.", c.Tls ? 1 : 0);
        Family(b, "edge_xmpp_sessions_total", "counter", "Fresh XMPP logins since start.", c.Sessions);
        Family(b, "edge_xmpp_resumptions_total", "counter", "XEP-0198 stream resumptions since start.", c.Resumptions);
        Family(b, "edge_xmpp_disconnects_total", "counter", "XMPP sessions lost since start (each one is a reconnect).", c.Disconnects);
        Family(b, "edge_xmpp_stanzas_received_total", "counter", "Stanzas received since start.", c.StanzasReceived);
        Family(b, "edge_xmpp_stanzas_sent_total", "counter", "Stanzas sent since start.", c.StanzasSent);
        if (c.ConnectedSince is { } since)
        {
            Family(b, "edge_xmpp_connected_since_timestamp_seconds", "gauge", "When the current XMPP session came up (Unix time).", Unix(since));
        }

        Family(b, "edge_publish_ok_total", "counter", "Readings published and acknowledged by the server since start.", s.Publishing.Ok);
        Family(b, "edge_publish_failed_total", "counter", "Publishes that failed since start (each is sent again).", s.Publishing.Failed);

        OutboxStatus o = s.Outbox;
        Family(b, "edge_outbox_depth", "gauge", "Readings waiting in the durable outbox.", o.Depth);
        Family(b, "edge_outbox_bytes", "gauge", "Encoded bytes of the readings waiting.", o.Bytes);
        Family(b, "edge_outbox_max_entries", "gauge", "The outbox's configured entry bound.", o.MaxEntries);
        Family(b, "edge_outbox_oldest_age_seconds", "gauge", "Age of the oldest waiting reading (0 when empty).",
            o.Oldest is { } oldest ? Math.Max(0, (s.Now - oldest).TotalSeconds) : 0);
        Family(b, "edge_outbox_dropped_total", "counter", "Readings discarded since start (overflow policy, memory ring, unreadable).", o.Dropped);
        Family(b, "edge_outbox_parked_total", "counter", "Readings set aside since start after the server kept refusing them.", o.Parked);
        Family(b, "edge_outbox_degraded", "gauge", "Whether the disk refuses writes (readings wait in memory).", o.Degraded ? 1 : 0);

        Family(b, "edge_sampler_interval_seconds", "gauge", "The sampling interval.", s.Sampler.Interval.TotalSeconds);
        if (s.Sampler.LastSample is { } last)
        {
            Family(b, "edge_sampler_last_sample_timestamp_seconds", "gauge", "When the last sampling cycle started (Unix time).", Unix(last));
        }

        Family(b, "edge_sampler_readings_queued_total", "counter", "Readings queued for publishing since start.", s.Sampler.Queued);

        Header(b, "edge_sensor_read_errors_total", "counter", "Failed reads per sensor since start (a read that threw, or every field missing).");
        foreach (SensorStatus sensor in s.Sensors)
        {
            Sample(b, "edge_sensor_read_errors_total", "sensor", sensor.NodeId, sensor.Errors);
        }

        Header(b, "edge_sensor_up", "gauge", "Whether the sensor's latest read succeeded.");
        foreach (SensorStatus sensor in s.Sensors)
        {
            Sample(b, "edge_sensor_up", "sensor", sensor.NodeId, sensor.Error is null && sensor.ReadAt is not null ? 1 : 0);
        }

        if (s.DemandResponse is { } dr)
        {
            Family(b, "edge_dr_event_active", "gauge", "Whether a demand-response event asks for shedding now.", dr.EventActive ? 1 : 0);
            Family(b, "edge_dr_loads_shed", "gauge", "Managed loads held shed.", dr.ShedLoads.Count);
        }

        Family(b, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", s.Process.ResidentBytes);
        Family(b, "edge_process_peak_resident_memory_bytes", "gauge", "Peak resident memory size in bytes (VmHWM).", s.Process.PeakResidentBytes);
        Family(b, "process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.", s.Process.Cpu.TotalSeconds);
        Family(b, "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.", Unix(s.Process.Started));
        Family(b, "edge_process_threads", "gauge", "Threads of the process.", s.Process.Threads);
        if (s.Process.Gc is { } gc)
        {
            Family(b, "edge_gc_heap_bytes", "gauge", "Managed heap size after the last collection, fragmentation included.", gc.HeapBytes);
            Family(b, "edge_gc_fragmented_bytes", "gauge", "Free space inside the managed heap after the last collection.", gc.FragmentedBytes);
            Family(b, "edge_gc_committed_bytes", "gauge", "Memory the GC had committed after the last collection (heap, bookkeeping, free regions kept).", gc.CommittedBytes);
            Family(b, "edge_gc_allocated_bytes_total", "counter", "Managed bytes allocated since start.", gc.AllocatedBytes);
            Header(b, "edge_gc_collections_total", "counter", "Garbage collections since start by generation (a gen-2 collection counts in all three).");
            for (int generation = 0; generation < gc.Collections.Count; generation++)
            {
                Sample(b, "edge_gc_collections_total", "generation", generation.ToString(CultureInfo.InvariantCulture), gc.Collections[generation]);
            }
        }

        Family(b, "edge_healthy", "gauge", "What /healthz answers: 1 healthy (200), 0 not (503).", s.IsHealthy(out _) ? 1 : 0);
        return b.ToString();
    }

    /// <summary>A label value escaped for the text format: <c>\</c> → <c>\\</c>, <c>"</c> → <c>\"</c>, line feed → <c>\n</c>.</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private static double Unix(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000.0;

    private static void Family(StringBuilder b, string name, string type, string help, double value)
    {
        Header(b, name, type, help);
        b.Append(name).Append(' ').Append(Number(value)).Append('\n');
    }

    private static void Header(StringBuilder b, string name, string type, string help) =>
        b.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder b, string name, string label, string value, double sample) =>
        b.Append(name).Append('{').Append(label).Append("=\"").Append(EscapeLabelValue(value)).Append("\"} ").Append(Number(sample)).Append('\n');

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
