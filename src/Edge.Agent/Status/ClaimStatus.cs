namespace Edge.Agent.Status;

/// <summary>The device's place in its thing registry (XEP-0347), from provisioning.json.</summary>
/// <param name="State">registering, registered, claimed or removed (or "not registered yet" before the file exists).</param>
/// <param name="ClaimUri">The <c>iotdisco:</c> claim URI while nobody owns the device; null once owned.</param>
/// <param name="Owner">The owner's JID once claimed.</param>
public sealed record ClaimStatus(string State, string? ClaimUri, string? Owner);
