using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.Gpio;
using Edge.Iot;
using Edge.Things.Control;

namespace Edge.Agent.Iot;

public sealed partial class AgentThingProvider
{
    public async ValueTask<ControlOutcome> SetAsync(IReadOnlyList<ControlWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (ControlWrite write in writes)
        {
            string? refusal = await ApplyAsync(write, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                Log.ControlRefused(_logger, write.Node.Reference.ToString(), write.Parameter.Name, refusal);
                return ControlOutcome.Refused(write, refusal);
            }

            Log.ControlApplied(_logger, write.Node.Reference.ToString(), write.Parameter.Name,
                DeviceSettings.Format(write.Value));
            InvalidateAfterControl(write);
        }

        return ControlOutcome.Success;
    }

    /// <summary>A readout right after a command must show the new state, not a cached read from before it.</summary>
    private void InvalidateAfterControl(ControlWrite write)
    {
        ChannelNode? channel;
        lock (_treeLock)
        {
            _channels.TryGetValue(write.Node.Reference, out channel);
        }

        if (channel is not null)
        {
            _reader.Invalidate(channel.Bridge);
        }
        else if (_sensors.TryGetValue(write.Node.Reference, out var sensor))
        {
            _reader.Invalidate(sensor);
        }
    }

    /// <summary>Drives the actuator behind one write; returns why it refused, or null.</summary>
    private async ValueTask<string?> ApplyAsync(ControlWrite write, CancellationToken cancellationToken)
    {
        if (_settings.Parameters.Contains(write.Parameter))
        {
            ControlValidationResult result = _settings.TrySet(write.Parameter, write.Value);
            return result.IsValid ? null : result.Message;
        }

        if (_hardware.Relays.FirstOrDefault(r => ReferenceEquals(r.Parameter, write.Parameter)) is { } relay)
        {
            // The demand-response engine's hold comes before the relay's safety rules: no silent fight over a load.
            if ((bool)write.Value && _demandResponse is not null && _demandResponse.TryGetHold(relay.Node.NodeId, out string hold))
            {
                return $"Relay {relay.Node.NodeId} is held off by demand response ({hold}); it is switched back on "
                    + "when the event ends.";
            }

            RelaySwitchResult result = relay.TrySwitch((bool)write.Value);
            return result.Succeeded ? null : result.Message;
        }

        ChannelNode? channel;
        lock (_treeLock)
        {
            _channels.TryGetValue(write.Node.Reference, out channel);
        }

        if (channel is not null && write.Parameter is ControlParameter<bool> output)
        {
            return await SetOutputAsync(channel, output, (bool)write.Value, cancellationToken).ConfigureAwait(false);
        }

        return $"Parameter '{write.Parameter.Name}' of node '{write.Node.Reference}' has no actuator behind it.";
    }

    private static async ValueTask<string?> SetOutputAsync(ChannelNode node, ControlParameter<bool> output, bool on,
        CancellationToken cancellationToken)
    {
        if (node.Bridge.Client is not { IsConnected: true } client)
        {
            return $"The MCU on {node.Bridge.PortName} is not connected; output '{node.Channel.Name}' was not switched.";
        }

        FirmwareBridgeCommandResult result;
        try
        {
            result = await client.SetOutputAsync(node.Channel.Index, on, cancellationToken).ConfigureAwait(false);
        }
        catch (FirmwareBridgeException e)
        {
            return $"The MCU did not confirm output '{node.Channel.Name}': {e.Message}";
        }

        if (!result.Acknowledged)
        {
            return $"The MCU refused output '{node.Channel.Name}' = {(on ? "on" : "off")}: {result.Reason}.";
        }

        output.Report(on);
        return null;
    }
}
