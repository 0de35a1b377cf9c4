using System.Text.Json;

namespace Edge.Agent.DemandResponse;

/// <summary>The engine's state across restarts (<see cref="DemandResponseStateFile"/>).</summary>
public sealed partial class DemandResponseEngine
{
    private void LoadState()
    {
        try
        {
            if (_file.Load() is not { } document)
            {
                return;
            }

            foreach (ShedRecord record in document.Loads ?? [])
            {
                if (_loads.Any(l => l.NodeId == record.Node) && _shed.TrueForAll(r => r.Node != record.Node))
                {
                    _shed.Add(record);
                }
                else
                {
                    Log.DemandResponseStateDropped(_logger, record.Node, _file.Path);
                }
            }

            // The import limit's stack, in shed order: what it holds is restored by the loop, last shed first.
            _limitShed.AddRange(_shed.Where(r => r.Reason == ShedReason.ImportLimit && r.RestoreAt is null)
                .OrderBy(r => r.ShedAt).Select(r => r.Node));
            foreach (GridEvent e in document.Events ?? [])
            {
                _events[e.Id] = e;
            }

            _energyDay = document.EnergyDay;
            _energyDayStartKwh = document.EnergyDayStartKwh;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Log.DemandResponseStateUnreadable(_logger, _file.Path, e.Message);
        }
    }

    private void SaveState()
    {
        try
        {
            _file.Save(new DemandResponseStateDocument
            {
                Loads = [.. _shed],
                Events = [.. _events.Values],
                EnergyDay = _energyDay,
                EnergyDayStartKwh = _energyDayStartKwh,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // In force now; written with the next change that succeeds. A restart before then forgets it.
            Log.DemandResponseStateUnsaved(_logger, _file.Path, e.Message);
        }
    }
}
