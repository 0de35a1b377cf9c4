namespace Edge.Gateway.Internal;

/// <summary>How a device's connection starts, by the port it came in on.</summary>
internal enum DeviceBinding
{
    /// <summary>XML, STARTTLS required (RFC 6120 §5); EXI later through XEP-0138 compression.</summary>
    StartTls,

    /// <summary>TLS from the first byte (XEP-0368), then XML as on the STARTTLS port.</summary>
    DirectTls,

    /// <summary>
    /// XEP-0322 §2.4, the EXI-only binding: EXI from the first byte (the <c>$EXI</c> cookie and the default options and
    /// schema), STARTTLS inside the EXI stream, then SASL, and a setup in the stream if the device wants more.
    /// </summary>
    ExiOnly,
}
