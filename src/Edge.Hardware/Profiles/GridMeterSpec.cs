namespace Edge.Hardware.Profiles;

/// <summary>
/// The meter at the site's grid connection (the profile's <c>gridMeter</c> block): which sensor it is and which of its
/// fields carry the import power (W, positive when importing) and the import energy counter (kWh). The
/// demand-response engine holds <c>ImportLimit</c> and <c>EnergyBudget</c> on these. In a simulated profile the
/// meter's import power follows the relays that are on (each adds its <see cref="DemandResponseRole.NominalWatts"/>),
/// so the closed loop is tested against something that answers.
/// </summary>
/// <param name="Sensor">The sensor's node id (any sensor kind; usually a Modbus meter).</param>
/// <param name="ImportPowerField">The field with the import power in W.</param>
/// <param name="ImportEnergyField">The field with the import energy counter in kWh, or null for none.</param>
public sealed record GridMeterSpec(string Sensor, string ImportPowerField, string? ImportEnergyField);
