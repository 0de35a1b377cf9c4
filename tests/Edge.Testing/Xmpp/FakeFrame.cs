using System.Xml.Linq;

namespace Edge.Testing.Xmpp;

/// <summary>What the fake server read from the client: a stream header, one first-level element, the stream end, or EOF.</summary>
public enum FakeFrameKind
{
    StreamHeader,
    Element,
    StreamEnd,
    Closed,
}

/// <summary>One frame the client sent, with the literal XML text as it came over the wire.</summary>
public sealed record FakeFrame(FakeFrameKind Kind, XElement? Element, string Xml)
{
    /// <summary>On an EXI stream, the body's bytes as they came over the wire (<see cref="Xml"/> is their decoding).</summary>
    public byte[]? Exi { get; init; }

    public override string ToString() => Kind is FakeFrameKind.Closed ? "(connection closed)" : Xml;
}
