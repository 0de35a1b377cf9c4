using Edge.Agent.Status;

namespace Edge.Agent.Tests.Status;

[TestClass]
public sealed class PrometheusTextTests
{
    [TestMethod]
    public void Write_Snapshot_EverySampleHasItsFamilyHelpAndTypeFirst()
    {
        var lines = PrometheusText.Write(StatusSamples.Connected()).Split('\n');

        Assert.AreEqual(string.Empty, lines[^1], "the text ends with a line feed");
        var typed = new HashSet<string>();
        foreach (var line in lines[..^1])
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.AreEqual(4, parts.Length, line);
                CollectionAssert.Contains(new[] { "gauge", "counter" }, parts[3], line);
                Assert.IsTrue(typed.Add(parts[2]), "one TYPE per family: " + line);
                StringAssert.EndsWith(parts[2], parts[3] == "counter" && parts[2] != "process_cpu_seconds_total" ? "_total" : string.Empty, line);
            }
            else if (!line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = line[..line.IndexOfAny(['{', ' '])];
                Assert.IsTrue(typed.Contains(name), "a sample before its TYPE: " + line);
                Assert.IsTrue(double.TryParse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out _), line);
            }
        }
    }

    [TestMethod]
    public void Write_Snapshot_CarriesTheCounters()
    {
        var text = PrometheusText.Write(StatusSamples.Connected());

        StringAssert.Contains(text, "\nedge_xmpp_up 1\n");
        StringAssert.Contains(text, "\nedge_xmpp_stanzas_received_total 40\n");
        StringAssert.Contains(text, "\nedge_xmpp_stanzas_sent_total 55\n");
        StringAssert.Contains(text, "\nedge_xmpp_disconnects_total 1\n");
        StringAssert.Contains(text, "\nedge_publish_ok_total 120\n");
        StringAssert.Contains(text, "\nedge_publish_failed_total 4\n");
        StringAssert.Contains(text, "\nedge_outbox_depth 3\n");
        StringAssert.Contains(text, "\nedge_outbox_oldest_age_seconds 12\n");
        StringAssert.Contains(text, "\nedge_outbox_dropped_total 7\n");
        StringAssert.Contains(text, "\nedge_sensor_read_errors_total{sensor=\"climate\"} 0\n");
        StringAssert.Contains(text, "\nedge_sensor_up{sensor=\"heater\"} 1\n");
        StringAssert.Contains(text, "\nprocess_resident_memory_bytes 12582912\n");
        StringAssert.Contains(text, "\nprocess_cpu_seconds_total 3.5\n");
        StringAssert.Contains(text, "\nedge_healthy 1\n");
        StringAssert.Contains(text, "\nedge_process_threads 11\n");
        StringAssert.Contains(text, "\nedge_gc_heap_bytes 3145728\n");
        StringAssert.Contains(text, "\nedge_gc_fragmented_bytes 524288\n");
        StringAssert.Contains(text, "\nedge_gc_committed_bytes 5242880\n");
        StringAssert.Contains(text, "\nedge_gc_allocated_bytes_total 900000000\n");
        StringAssert.Contains(text, "\nedge_gc_collections_total{generation=\"0\"} 410\nedge_gc_collections_total{generation=\"1\"} 37\nedge_gc_collections_total{generation=\"2\"} 2\n");
    }

    [TestMethod]
    public void Write_SnapshotWithoutHeap_NoGcFamilies()
    {
        var status = StatusSamples.Connected();
        var text = PrometheusText.Write(status with { Process = status.Process with { Gc = null } });

        Assert.IsFalse(text.Contains("edge_gc_", StringComparison.Ordinal));
        StringAssert.Contains(text, "\nedge_process_threads 11\n");
    }

    [TestMethod]
    public void Write_SensorIdWithQuoteBackslashAndNewline_EscapedAsTheFormatSays()
    {
        var odd = new SensorStatus("a\"b\\c\nd", false, null, [], 3, "bus timeout");
        var text = PrometheusText.Write(StatusSamples.Connected(sensors: [odd]));

        StringAssert.Contains(text, "\nedge_sensor_read_errors_total{sensor=\"a\\\"b\\\\c\\nd\"} 3\n");
        StringAssert.Contains(text, "\nedge_sensor_up{sensor=\"a\\\"b\\\\c\\nd\"} 0\n");
    }

    [TestMethod]
    public void Write_EmptyOutboxDisconnected_AgeZeroAndNoConnectedSince()
    {
        var status = StatusSamples.Disconnected(0) with { Outbox = StatusSamples.Connected().Outbox with { Depth = 0, Oldest = null } };
        var text = PrometheusText.Write(status);

        StringAssert.Contains(text, "\nedge_outbox_oldest_age_seconds 0\n");
        StringAssert.Contains(text, "\nedge_xmpp_up 0\n");
        Assert.IsFalse(text.Contains("edge_xmpp_connected_since_timestamp_seconds", StringComparison.Ordinal));
    }
}
